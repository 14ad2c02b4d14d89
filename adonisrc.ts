import { defineConfig } from '@adonisjs/core/app'

export default defineConfig({
  /*
  | Ace commands from packages, then the application's own: every file of commands/ whose name
  | does not start with "_" (commands/_index.ts finds them; nothing to register). AdonisJS's own
  | scan of `directories.commands` is pointed at a folder that does not exist: it validates each
  | command with jsonschema, which fails on Node 24 ("Invalid URL"); see commands/_index.ts.
  | `node ace make:command` still writes into commands/ (stubs/make/command/main.stub).
  */
  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/mail/commands'),
    () => import('@adonisjs/bouncer/commands'),
    () => import('./commands/_index.js'),
  ],

  directories: {
    commands: 'commands/_not_scanned',
  },

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/vite/vite_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/static/static_provider'),
    () => import('@adonisjs/cors/cors_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/inertia/inertia_provider'),
    () => import('@adonisjs/mail/mail_provider'),
    () => import('@adonisjs/redis/redis_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('@adonisjs/lock/lock_provider'),
  ],

  preloads: [
    () => import('#start/kernel'),
    () => import('#start/routes/public'),
    () => import('#start/routes/member'),
    () => import('#start/routes/staff'),
    () => import('#start/routes/development'),
    () => import('#start/validator'),
    { file: () => import('#start/imports'), environment: ['web'] },
    { file: () => import('#start/mail_sender'), environment: ['web'] },
    { file: () => import('#start/sessions'), environment: ['web'] },
  ],

  tests: {
    suites: [
      {
        files: ['tests/unit/**/*.spec(.ts|.js)'],
        name: 'unit',
        timeout: 10000,
      },
      {
        files: ['tests/functional/**/*.spec(.ts|.js)'],
        name: 'functional',
        timeout: 30000,
      },
      {
        files: ['tests/browser/**/*.spec(.ts|.js)'],
        name: 'browser',
        timeout: 60000,
      },
      {
        // The product as deployed: each file starts the app as its own process (tests/helpers/real_server.ts).
        files: ['tests/server/**/*.spec(.ts|.js)'],
        name: 'server',
        timeout: 180000,
      },
    ],
    // A spec that throws on load, or an unreachable database, must fail the run, not hang it.
    forceExit: true,
  },

  metaFiles: [
    {
      pattern: 'resources/views/**/*.edge',
      reloadServer: false,
    },
    {
      pattern: 'public/**',
      reloadServer: false,
    },
  ],

  assetsBundler: false,
  hooks: {
    // The route map check first: a stale inertia/app/route_map.ts fails the build (see the file).
    onBuildStarting: [
      () => import('#start/route_map_hook'),
      () => import('@adonisjs/vite/build_hook'),
    ],
  },
})
