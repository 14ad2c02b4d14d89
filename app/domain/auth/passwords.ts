import hash from '@adonisjs/core/services/hash'

/**
 * Password hashing (argon2id, config/hash.ts) with a constant-time answer for
 * unknown accounts: verifying against a dummy hash costs the same as a real
 * check, so response times do not reveal which e-mail addresses exist.
 */
let dummyHash: Promise<string> | null = null

function dummy() {
  dummyHash ??= hash.make('dummy password that never matches anything')
  return dummyHash
}

export async function verifyPassword(storedHash: string | null | undefined, plain: string) {
  if (!storedHash) {
    await hash.verify(await dummy(), plain)
    return false
  }
  return hash.verify(storedHash, plain)
}

export function hashPassword(plain: string) {
  return hash.make(plain)
}

/** Hashes made with older parameters are upgraded at the next successful log-in. */
export function needsRehash(storedHash: string) {
  return hash.needsReHash(storedHash)
}
