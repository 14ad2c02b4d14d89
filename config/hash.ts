import { defineConfig, drivers } from '@adonisjs/core/hash'

/**
 * argon2id with t=2, m=19 MiB, p=1: the OWASP ASVS minimum, ~24 ms per check on
 * these machines (scrypt's AdonisJS default is below it; see STACK.md).
 */
const hashConfig = defineConfig({
  default: 'argon',
  list: {
    argon: drivers.argon2({
      version: 0x13,
      variant: 'id',
      iterations: 2,
      memory: 19456,
      parallelism: 1,
      saltSize: 16,
      hashLength: 32,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
