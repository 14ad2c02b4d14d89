import type { HttpContext } from '@adonisjs/core/http'
import AuditLog, { type AuditActorType, type AuditOutcome } from '#models/audit_log'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuditAction } from '#domain/audit/audit_actions'

/**
 * The access log and audit trail. Every log-in attempt and every staff read of
 * sensitive data goes through `recordAudit`. Details describe the context (what
 * matched, why it failed); they must never carry a secret.
 */
export type { AuditAction }

export interface RequestOrigin {
  ip: string | null
  userAgent: string | null
}

export interface AuditEntry {
  action: AuditAction
  outcome: AuditOutcome
  actorType: AuditActorType
  staffUserId?: number | null
  memberAccountId?: number | null
  memberId?: number | null
  origin: RequestOrigin
  details?: Record<string, unknown>
}

/*
 * Keys that would carry a secret. Not a bare "code": details legitimately name
 * a postal code or an affiliation code among the identity items that matched.
 */
const FORBIDDEN_DETAIL_KEYS =
  /password|token|secret|otp|^(login|auth|one_?time|verification)_?code$/i

export function originOf(ctx: HttpContext): RequestOrigin {
  return {
    ip: ctx.request.ip() ?? null,
    userAgent: (ctx.request.header('user-agent') ?? '').slice(0, 500) || null,
  }
}

export async function recordAudit(entry: AuditEntry, trx?: TransactionClientContract) {
  if (entry.details) {
    const leaked = Object.keys(entry.details).filter((key) => FORBIDDEN_DETAIL_KEYS.test(key))
    if (leaked.length > 0) {
      throw new Error(`Audit details must not carry secrets (keys: ${leaked.join(', ')})`)
    }
  }
  return AuditLog.create(
    {
      action: entry.action,
      outcome: entry.outcome,
      actorType: entry.actorType,
      staffUserId: entry.staffUserId ?? null,
      memberAccountId: entry.memberAccountId ?? null,
      memberId: entry.memberId ?? null,
      ip: entry.origin.ip,
      userAgent: entry.origin.userAgent,
      detailsJson: entry.details ? JSON.stringify(entry.details) : null,
    },
    { client: trx }
  )
}
