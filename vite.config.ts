import { defineConfig } from 'vite'
import { getDirname } from '@adonisjs/core/helpers'
import inertia from '@adonisjs/inertia/client'
import vue from '@vitejs/plugin-vue'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  plugins: [
    inertia({ ssr: { enabled: true, entrypoint: 'inertia/app/ssr.ts' } }),
    vue(),
    adonisjs({
      entrypoints: ['inertia/css/app.css', 'inertia/app/app.ts'],
      reload: ['resources/views/**/*.edge'],
    }),
  ],
  // Tests and several local instances (VITE_HMR=off) must not fight over Vite's HMR socket port.
  server: {
    hmr: process.env.NODE_ENV === 'test' || process.env.VITE_HMR === 'off' ? false : undefined,
    // Vite 6 opens its WebSocket server (fixed port 24678) even without HMR: not in these servers.
    ws: process.env.VITE_HMR === 'off' ? false : undefined,
  },
  // Pre-bundled at start: a dependency found only when a page first imports it (passkey pages)
  // makes Vite re-bundle and answer the page's import with 504 "Outdated Optimize Dep".
  optimizeDeps: { include: ['@simplewebauthn/browser'] },
  // Per checkout, not node_modules/.vite: worktrees sharing one node_modules (symlinked) would
  // otherwise re-bundle each other's dependencies mid-test (the same 504).
  cacheDir: 'tmp/vite',
  resolve: {
    alias: {
      '~/': `${getDirname(import.meta.url)}/inertia/`,
    },
  },
})
