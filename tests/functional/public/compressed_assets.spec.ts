import { test } from '@japa/runner'
import { get } from 'node:http'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

function fetchRaw(path: string, acceptEncoding?: string, extra: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, any>; body: Buffer }>(
    (done, fail) => {
      const headers: Record<string, string> = acceptEncoding
        ? { 'accept-encoding': acceptEncoding, ...extra }
        : { ...extra }
      get({ host: env.get('HOST'), port: env.get('PORT'), path, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () =>
          done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })
        )
      }).on('error', fail)
    }
  )
}

test.group('Compressed static assets', (group) => {
  const name = `compression-probe-${process.pid}.js`
  const original = Buffer.from('export const probe = "' + 'あいう'.repeat(2000) + '"\n')
  group.setup(async () => {
    await mkdir(app.publicPath('assets'), { recursive: true })
    await writeFile(app.publicPath(`assets/${name}`), original)
    return () => rm(app.publicPath(`assets/${name}`), { force: true })
  })

  test('a hashed asset is sent br, gzip or plain as the client accepts', async ({ assert }) => {
    const br = await fetchRaw(`/assets/${name}`, 'gzip, deflate, br')
    assert.equal(br.headers['content-encoding'], 'br')
    assert.include(br.headers['vary'], 'Accept-Encoding')
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.deepEqual(brotliDecompressSync(br.body), original)

    const gz = await fetchRaw(`/assets/${name}`, 'gzip')
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.deepEqual(gunzipSync(gz.body), original)

    const plain = await fetchRaw(`/assets/${name}`)
    assert.isUndefined(plain.headers['content-encoding'])
    assert.include(plain.headers['vary'], 'Accept-Encoding')
    assert.deepEqual(plain.body, original)

    const refusedBr = await fetchRaw(`/assets/${name}`, 'br;q=0, gzip;q=0.5')
    assert.equal(refusedBr.headers['content-encoding'], 'gzip')
  })

  test('a cached copy is confirmed with 304 per encoding, and a changed file is compressed again', async ({
    assert,
  }) => {
    const first = await fetchRaw(`/assets/${name}`, 'br')
    const again = await fetchRaw(`/assets/${name}`, 'br', {
      'if-none-match': first.headers['etag'],
    })
    assert.equal(again.status, 304)
    assert.equal(again.body.length, 0)
    const otherEncoding = await fetchRaw(`/assets/${name}`, 'gzip', {
      'if-none-match': first.headers['etag'],
    })
    assert.equal(otherEncoding.status, 200)

    const changed = Buffer.from('export const probe = "changed"\n')
    await writeFile(app.publicPath(`assets/${name}`), changed)
    const fresh = await fetchRaw(`/assets/${name}`, 'br')
    assert.deepEqual(brotliDecompressSync(fresh.body), changed)
    await writeFile(app.publicPath(`assets/${name}`), original)
  })

  test('nothing outside public/assets is served through the encoder', async ({ assert }) => {
    const escaped = await fetchRaw('/assets/..%2F..%2Fpackage.json', 'br')
    assert.isUndefined(escaped.headers['content-encoding'])
    assert.notInclude(escaped.body.toString(), '"name": "coop-mypage"')
  })
})
