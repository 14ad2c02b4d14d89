/*
| Looking at a real server's sessions from outside: the session id a browser
| holds, and what the server stored for it (SQLite/PostgreSQL quick start: the
| `sessions` table; the PostgreSQL run: Redis, as in production).
*/
import { Redis } from 'ioredis'
import { engine, type HttpClient, type RealServer } from '#tests/helpers/real_server'

export const SESSION_COOKIE = 'mypage-session'

/** A second browser holding a copy of this one's cookies (a stolen or copied cookie jar). */
export function copyOfJar(server: RealServer, client: HttpClient): HttpClient {
  const copy = server.client(client.options)
  for (const [name, value] of client.cookies) copy.cookies.set(name, value)
  return copy
}

/** The session id inside the signed session cookie (`s:<base64url JSON>.<signature>`). */
export function sessionIdOf(client: HttpClient): string {
  const cookie = client.cookies.get(SESSION_COOKIE)
  if (!cookie) throw new Error(`The client holds no ${SESSION_COOKIE} cookie`)
  const signed = decodeURIComponent(cookie).replace(/^s:/, '')
  const payload = JSON.parse(Buffer.from(signed.split('.')[0], 'base64url').toString('utf8'))
  return payload.message
}

export interface StoredSession {
  /** When the server forgets the session if nothing happens meanwhile. */
  expiresAt: Date
  /** Bytes the server keeps for it. */
  size: number
}

function inRedis(server: RealServer) {
  return server.env.SESSION_DRIVER === 'redis'
}

function redisOf(server: RealServer) {
  return new Redis({
    host: server.env.REDIS_HOST,
    port: Number(server.env.REDIS_PORT),
    db: Number(server.env.REDIS_DB ?? 0),
    keyPrefix: server.env.REDIS_KEY_PREFIX,
    lazyConnect: true,
  })
}

/** What the server stores for a session id, or null when it has none. */
export async function storedSession(
  server: RealServer,
  sessionId: string
): Promise<StoredSession | null> {
  if (inRedis(server)) {
    const redis = redisOf(server)
    try {
      const [ttl, size] = await Promise.all([redis.pttl(sessionId), redis.strlen(sessionId)])
      if (ttl < 0) return null
      return { expiresAt: new Date(Date.now() + ttl), size }
    } finally {
      redis.disconnect()
    }
  }
  const [row] = await server.sql<{ expires_at: number | string; size: number }>(
    'SELECT expires_at, length(data) AS size FROM sessions WHERE id = ?',
    [sessionId]
  )
  if (!row) return null
  // SQLite holds the store's JS Date as epoch milliseconds, PostgreSQL as a timestamp.
  const expiresAt =
    engine === 'sqlite' ? new Date(Number(row.expires_at)) : new Date(row.expires_at)
  return { expiresAt, size: Number(row.size) }
}

/** Ages a stored session as if its browser had been idle until now (the idle timeout passed). */
export async function expireStoredSession(server: RealServer, sessionId: string) {
  if (inRedis(server)) {
    const redis = redisOf(server)
    try {
      await redis.pexpire(sessionId, 1)
    } finally {
      redis.disconnect()
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    return
  }
  const past = new Date(Date.now() - 1000)
  await server.sql('UPDATE sessions SET expires_at = ? WHERE id = ?', [
    engine === 'sqlite' ? past.getTime() : past,
    sessionId,
  ])
}
