import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import { keepAsSaved } from '#domain/common/saved_values'

/**
 * Sessions end after 30 idle minutes (config/session.ts) and, whatever the
 * activity, a fixed time after log-in (the session store has no absolute
 * timeout of its own). Bumping an account's session_version ends every session
 * started before (password change, "sign out other devices").
 */
export type SessionArea = 'member' | 'staff'

/** The idle timeout: the stored session and its cookie both (config/session.ts, config/app.ts). */
export const IDLE_TIMEOUT = '30m'

export const ABSOLUTE_TIMEOUT_MS: Record<SessionArea, number> = {
  member: 12 * 60 * 60 * 1000,
  staff: 10 * 60 * 60 * 1000,
}

const loginAtKey = (area: SessionArea) => `${area}_login_at`
const versionKey = (area: SessionArea) => `${area}_session_version`

export function startAreaSession(ctx: HttpContext, area: SessionArea, sessionVersion: number) {
  ctx.session.put(loginAtKey(area), Date.now())
  ctx.session.put(versionKey(area), sessionVersion)
}

export function endAreaSession(ctx: HttpContext, area: SessionArea) {
  ctx.session.forget(loginAtKey(area))
  ctx.session.forget(versionKey(area))
}

export type SessionCheck = 'valid' | 'expired' | 'revoked'

export function checkAreaSession(
  ctx: HttpContext,
  area: SessionArea,
  currentVersion: number,
  now = Date.now()
): SessionCheck {
  const loginAt = Number(ctx.session.get(loginAtKey(area)))
  if (!loginAt || now - loginAt > ABSOLUTE_TIMEOUT_MS[area]) return 'expired'
  if (Number(ctx.session.get(versionKey(area))) !== currentVersion) return 'revoked'
  return 'valid'
}

/** Minutes since log-in, for "re-enter your password" checks before sensitive changes. */
export function minutesSinceLogin(ctx: HttpContext, area: SessionArea, now = Date.now()) {
  const loginAt = Number(ctx.session.get(loginAtKey(area)))
  return loginAt ? (now - loginAt) / 60000 : Number.POSITIVE_INFINITY
}

/**
 * After bumping the account's session version (password change, "sign out
 * other devices"), keeps the session that did it valid; every other one ends.
 */
export function keepCurrentSession(ctx: HttpContext, area: SessionArea, sessionVersion: number) {
  ctx.session.put(versionKey(area), sessionVersion)
}

/**
 * Ends every session of an account started before: one UPDATE adds 1 and returns the new
 * version, so two bumps at once give two versions (with read-add-save both wrote the same one,
 * and each request kept its own session alive at it).
 */
export async function bumpSessionVersion(
  account: LucidRow & { id: number; sessionVersion: number },
  trx?: TransactionClientContract
): Promise<number> {
  const rows: { session_version: number }[] = await (trx ?? db)
    .from((account.constructor as LucidModel).table)
    .where('id', account.id)
    .update({ session_version: db.knexRawQuery('session_version + 1') }, ['session_version'])
  const version = Number(rows[0].session_version)
  keepAsSaved(account, { sessionVersion: version })
  return version
}
