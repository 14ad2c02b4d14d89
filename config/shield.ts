import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import { routeMap } from '../inertia/app/route_map.js'

/*
 * Nothing is loaded from another host: the content security policy allows only
 * this origin (plus nonce'd inline scripts). In development Vite's HMR socket
 * is same-origin too.
 */
const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, '@nonce'],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'blob:'],
      fontSrc: [`'self'`, 'data:'],
      connectSrc: app.inDev ? [`'self'`, 'ws:', 'wss:'] : [`'self'`],
      frameAncestors: [`'none'`],
      formAction: [`'self'`],
      baseUri: [`'self'`],
      objectSrc: [`'none'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // The one-click unsubscribe (start/routes/public.ts): a mail client's RFC 8058 POST has no
    // token; the signed URL is its proof, and all it can do is stop a notification mail.
    exceptRoutes: [
      routeMap['public.health'].pattern,
      routeMap['public.notifications.unsubscribe.confirm'].pattern,
    ],
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: {
    enabled: true,
    action: 'DENY',
  },
  // One year, as ASVS asks (the docs' example of 180 days is below it).
  hsts: {
    enabled: app.inProduction,
    maxAge: '365 days',
    includeSubDomains: true,
  },
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
