/*
| HTTP kernel: server middleware (every request), router middleware (every
| matched route) and the named middleware the route files use.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  // Before the static server: /assets files go out brotli/gzip-encoded when the client takes it.
  () => import('#middleware/compressed_assets_middleware'),
  () => import('#middleware/public_files_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
  () => import('@adonisjs/inertia/inertia_middleware'),
])

router.use([
  // Referrer-Policy everywhere, no-store on the pages that show a token or a revealed value.
  () => import('#middleware/page_headers_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/blank_query_fields_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('#middleware/bounded_flash_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
  // After the body parser, session and CSRF check: refuses control characters in any field.
  () => import('#middleware/text_input_middleware'),
])

export const middleware = router.named({
  guest: () => import('#middleware/guest_middleware'),
  silentAuth: () => import('#middleware/silent_auth_middleware'),
  memberArea: () => import('#middleware/member_area_middleware'),
  staffArea: () => import('#middleware/staff_area_middleware'),
  recentPassword: () => import('#middleware/recent_password_middleware'),
})
