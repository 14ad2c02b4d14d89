import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['build/**', 'public/assets/**', 'tmp/**', 'node_modules/**', 'inertia/**/*.vue'],
})
