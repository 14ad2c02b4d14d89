import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import { HASHED_ASSET_CACHE_CONTROL } from '#config/static'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Text formats Vite emits; images and fonts are already compressed. */
const COMPRESSIBLE_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

type CompressedAsset = {
  mtimeMs: number
  size: number
  contentType: string
  br: Buffer
  gzip: Buffer
}

/**
 * Each hashed file is compressed once, at the highest levels (the cost is paid by the first
 * visitor only), and kept in memory: the whole Vite output is a few hundred KB. A file
 * replaced on disk (new mtime or size) is compressed again.
 */
const cache = new Map<string, Promise<CompressedAsset>>()

async function compressedAsset(filePath: string, mtimeMs: number, size: number) {
  const cached = cache.get(filePath)
  if (cached) {
    const asset = await cached.catch(() => undefined)
    if (asset && asset.mtimeMs === mtimeMs && asset.size === size) return asset
  }
  const pending = (async (): Promise<CompressedAsset> => {
    const body = await readFile(filePath)
    const [br, gz] = await Promise.all([
      brotli(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      gzipAsync(body, { level: zlibConstants.Z_BEST_COMPRESSION }),
    ])
    return {
      mtimeMs,
      size,
      contentType: COMPRESSIBLE_TYPES[extname(filePath)],
      br,
      gzip: gz,
    }
  })()
  cache.set(filePath, pending)
  pending.catch(() => cache.delete(filePath))
  return pending
}

/** br when the client takes it, else gzip, else undefined (served plain by the static server). */
export function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined
  const offered = new Map<string, number>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    offered.set(name.trim(), q ? Number(q.slice(2)) : 1)
  }
  const weight = (name: string) => offered.get(name) ?? offered.get('*') ?? 0
  if (weight('br') > 0) return 'br'
  if (weight('gzip') > 0) return 'gzip'
  return undefined
}

/**
 * Vite's hashed files under /assets are sent brotli- or gzip-encoded to clients that accept
 * it (a first visit downloads about a third of the bytes). Everything else, and clients that
 * accept no encoding, falls through to @adonisjs/static, which serves the plain file.
 */
export default class CompressedAssetsMiddleware {
  #assetsRoot = resolve(app.publicPath('assets'))

  async handle(ctx: HttpContext, next: NextFn) {
    const { request, response } = ctx
    const method = request.method()
    if (method !== 'GET' && method !== 'HEAD') return next()
    const url = request.url()
    if (!url.startsWith('/assets/')) return next()
    const contentType = COMPRESSIBLE_TYPES[extname(url)]
    if (!contentType) return next()
    const encoding = preferredEncoding(request.header('accept-encoding'))
    if (!encoding) return next()

    let decoded: string
    try {
      decoded = decodeURIComponent(url.slice('/assets/'.length))
    } catch {
      return next()
    }
    const filePath = resolve(this.#assetsRoot, decoded)
    // Never outside the assets folder (../ or an encoded separator).
    if (!filePath.startsWith(this.#assetsRoot + sep)) return next()
    const stats = await stat(filePath).catch(() => undefined)
    if (!stats?.isFile()) return next()

    const asset = await compressedAsset(filePath, stats.mtimeMs, stats.size)
    const body = encoding === 'br' ? asset.br : asset.gzip
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}-${encoding}"`
    response.header('Vary', 'Accept-Encoding')
    response.header('Cache-Control', HASHED_ASSET_CACHE_CONTROL)
    response.header('ETag', etag)
    response.header('Last-Modified', stats.mtime.toUTCString())
    if (request.header('if-none-match') === etag) {
      response.status(304)
      return response.send('')
    }
    response.header('Content-Type', asset.contentType)
    response.header('Content-Encoding', encoding)
    response.header('Content-Length', String(body.length))
    response.status(200)
    if (method === 'HEAD') return response.send('')
    return response.send(body)
  }
}
