import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { portalBaseUrl } from '#mails/portal_url'

/*
| Issue 9, defect 13 a: `PORT=4000 npm start` mailed links to http://localhost:3333, because
| .env.example (copied to .env by npm start) fixed APP_URL to that port.
*/
async function quickStartEnv(): Promise<
  (text: string, newKey: () => string) => { text: string; changes: string[] }
> {
  const module = await import(app.makeURL('bin/quick_start_env.js').href)
  return module.quickStartEnv
}

function activeAppUrl(text: string) {
  return text.match(/^APP_URL=(.*)$/m)?.[1]
}

test.group('Quick-start URL', () => {
  test('without APP_URL, links follow PORT; APP_URL wins when set', ({ assert }) => {
    assert.equal(portalBaseUrl(undefined, '4000'), 'http://localhost:4000')
    assert.equal(portalBaseUrl('', 4000), 'http://localhost:4000')
    assert.equal(portalBaseUrl(undefined, undefined), 'http://localhost:3333')
    assert.equal(portalBaseUrl('https://mypage.example.jp/', '3333'), 'https://mypage.example.jp')
  })

  test('the .env npm start writes from .env.example sets no APP_URL', async ({ assert }) => {
    const prepare = await quickStartEnv()
    const example = readFileSync(app.makePath('.env.example'), 'utf8')
    assert.isUndefined(activeAppUrl(example), '.env.example leaves APP_URL to PORT')
    const { text } = prepare(example, () => 'generated-key')
    assert.isUndefined(activeAppUrl(text))
    assert.match(text, /^APP_KEY=generated-key$/m)
    assert.match(text, /^PORT=3333$/m)
  })

  test('an .env written by an earlier npm start loses the fixed 3333 URL, nothing else', async ({
    assert,
  }) => {
    const prepare = await quickStartEnv()
    const old = 'PORT=3333\nAPP_KEY=kept-key\nAPP_URL=http://localhost:3333\nDB_CONNECTION=sqlite\n'
    const { text, changes } = prepare(old, () => 'unused')
    assert.isUndefined(activeAppUrl(text))
    assert.match(text, /^APP_KEY=kept-key$/m)
    assert.match(text, /^DB_CONNECTION=sqlite$/m)
    assert.lengthOf(changes, 1)

    const own = prepare('APP_KEY=k\nAPP_URL=https://mypage.example.jp\n', () => 'unused')
    assert.equal(activeAppUrl(own.text), 'https://mypage.example.jp')
    assert.lengthOf(own.changes, 0)
  })
})
