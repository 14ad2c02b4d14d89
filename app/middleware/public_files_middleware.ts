import app from '@adonisjs/core/services/app'
import StaticMiddleware from '@adonisjs/static/static_middleware'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import staticServerConfig from '#config/static'

/**
 * Files of public/ (and Vite's assets under it). Every name there has an extension, so a
 * page URL (/mypage/statements/2026-10) goes straight on to the router instead of costing a
 * failed stat() on disk; and one file server serves every request (the package's own binding
 * builds a new one per request).
 */
const files = new StaticMiddleware(app.publicPath(), staticServerConfig)
const LAST_SEGMENT_HAS_EXTENSION = /\.[A-Za-z0-9]+$/

export default class PublicFilesMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!LAST_SEGMENT_HAS_EXTENSION.test(ctx.request.url())) return next()
    return files.handle(ctx, next)
  }
}
