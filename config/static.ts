import { defineConfig } from '@adonisjs/static'

/** Vite's hashed file names never change content: browsers may keep them a year. */
export const HASHED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable'

const staticServerConfig = defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
  // Vite's hashed file names never change content: let browsers keep them.
  headers: (path) => {
    if (path.includes('/assets/')) {
      // The same URLs are sent encoded to other clients (compressed_assets_middleware.ts).
      return { 'Cache-Control': HASHED_ASSET_CACHE_CONTROL, 'Vary': 'Accept-Encoding' }
    }
    return {}
  },
})

export default staticServerConfig
