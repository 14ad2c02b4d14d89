import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  {
    ignores: ['build/**', 'public/assets/**', 'tmp/**', 'node_modules/**', 'inertia/**/*.vue'],
  },
  {
    files: ['app/**/*.ts', 'commands/**/*.ts', 'start/**/*.ts', 'database/**/*.ts'],
    ignores: ['app/services/transaction.ts'],
    rules: {
      // Transactions open through app/services/transaction.ts, which fails a query that escapes them.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='db'][callee.property.name='transaction']",
          message:
            "Open transactions with transaction() from '#services/transaction': it catches queries that escape them.",
        },
      ],
    },
  }
)
