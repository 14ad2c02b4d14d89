import { defineConfig } from '@adonisjs/static'

const staticServerConfig = defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
  // Vite's hashed file names never change content: let browsers keep them.
  headers: (path) => {
    if (path.includes('/assets/')) {
      // The same URLs are sent encoded to other clients (compressed_assets_middleware.ts).
      return { 'Cache-Control': 'public, max-age=31536000, immutable', 'Vary': 'Accept-Encoding' }
    }
    return {}
  },
})

export default staticServerConfig
