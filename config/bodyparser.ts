import { defineConfig } from '@adonisjs/core/bodyparser'
import { routeMap } from '../inertia/app/route_map.js'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: true,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
  },
  /*
   * Uploads are small everywhere except on the import routes, which raise the
   * limit for themselves.
   */
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    // The import upload streams its file to disk itself, with a higher limit.
    processManually: [routeMap['staff.imports.store'].pattern],
    limit: '5mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
