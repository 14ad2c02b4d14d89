import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/lock'

/**
 * Locks keep two imports of the same month (or fiscal year) from running at once. The database
 * store works across app instances sharing one database; production can use Redis.
 */
const lockConfig = defineConfig({
  default: env.get('LOCK_STORE', 'database'),
  stores: {
    database: stores.database({ tableName: 'locks' }),
    redis: stores.redis({}),
    memory: stores.memory(),
  },
})

export default lockConfig

declare module '@adonisjs/lock/types' {
  export interface LockStoresList extends InferLockStores<typeof lockConfig> {}
}
