import { transaction } from '#services/transaction'
import { DateTime } from 'luxon'
import Member from '#models/member'
import Affiliation from '#models/affiliation'
import AffiliationChangeRequest, {
  type AffiliationRequestStatus,
} from '#models/affiliation_change_request'
import { recordProfileChanges } from '#domain/members/profile_changes'
import { dbTimestamp } from '#domain/common/db_time'
import { formatJapaneseDate } from '#domain/common/formatting'
import { queueMail } from '#domain/mail/outbox'
import MemberAccount from '#models/member_account'
import AffiliationRequestDecidedMail from '#mails/affiliation_request_decided_mail'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * 所属変更申請 (SPEC "Member portal" / "Staff back-office"): an affiliation change is never
 * applied automatically. The member asks (a listed affiliation, or free text when the new
 * school is not listed), staff approve (the member's affiliation changes and the change is
 * written to the history) or reject with a reason. One pending request per member; a request
 * is decided once.
 */

export const AFFILIATION_REQUEST_STATUS_LABELS: Record<AffiliationRequestStatus, string> = {
  pending: '申請中',
  approved: '承認',
  rejected: '却下',
  withdrawn: '取下げ',
}

/** How far the effective date may lie from today (Japan). */
export const EFFECTIVE_DATE_WINDOW = { pastMonths: 6, futureMonths: 12 } as const

/** The messages name the window from EFFECTIVE_DATE_WINDOW itself, so they cannot drift from it. */
function monthsLabel(months: number): string {
  return months % 12 === 0 ? `${months / 12}年` : `${months}か月`
}

export function effectiveDateProblem(effectiveOn: DateTime, today: DateTime): string | null {
  // Calendar dates compared as yyyy-MM-dd, whatever zone each DateTime carries.
  const day = effectiveOn.toISODate()!
  if (day < today.minus({ months: EFFECTIVE_DATE_WINDOW.pastMonths }).toISODate()!) {
    return `異動日は${monthsLabel(EFFECTIVE_DATE_WINDOW.pastMonths)}前以降の日付を入力してください。`
  }
  if (day > today.plus({ months: EFFECTIVE_DATE_WINDOW.futureMonths }).toISODate()!) {
    return `異動日は${monthsLabel(EFFECTIVE_DATE_WINDOW.futureMonths)}以内の日付を入力してください。`
  }
  return null
}

export interface AffiliationRequestInput {
  /** A listed, active affiliation, or null when the member typed the name. */
  affiliationId: number | null
  affiliationText: string | null
  effectiveOn: DateTime
  reason: string
}

export type SubmitResult =
  | { ok: true; request: AffiliationChangeRequest }
  | { ok: false; problem: 'pending_exists' | 'same_affiliation' | 'unknown_affiliation' }

export const SUBMIT_PROBLEM_MESSAGES = {
  pending_exists:
    '申請中の所属変更申請があります。前の申請の結果が出てから、改めて申請してください。',
  same_affiliation: '現在の所属と同じです。新しい所属を選んでください。',
  unknown_affiliation: '選んだ所属が見つかりません。一覧から選び直してください。',
} as const

function isUniqueViolation(error: unknown) {
  const code = (error as { code?: string }).code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

/** The member's request. Checked inside a transaction (the member row locked on PostgreSQL). */
export async function submitAffiliationRequest(
  memberId: number,
  input: AffiliationRequestInput
): Promise<SubmitResult> {
  try {
    return await transaction(async (trx) => {
      const memberQuery = Member.query({ client: trx }).where('id', memberId)
      if (trx.dialect.name === 'postgres') memberQuery.forUpdate()
      const member = await memberQuery.firstOrFail()

      const pending = await AffiliationChangeRequest.query({ client: trx })
        .where('member_id', memberId)
        .where('status', 'pending')
        .first()
      if (pending) return { ok: false, problem: 'pending_exists' } as const

      if (input.affiliationId !== null) {
        const affiliation = await Affiliation.query({ client: trx })
          .where('id', input.affiliationId)
          .where('is_active', true)
          .first()
        if (!affiliation) return { ok: false, problem: 'unknown_affiliation' } as const
        if (affiliation.id === member.affiliationId) {
          return { ok: false, problem: 'same_affiliation' } as const
        }
      }

      const request = await AffiliationChangeRequest.create(
        {
          memberId,
          fromAffiliationId: member.affiliationId,
          requestedAffiliationId: input.affiliationId,
          requestedAffiliationText: input.affiliationId === null ? input.affiliationText : null,
          effectiveOn: input.effectiveOn,
          reason: input.reason,
          status: 'pending',
        },
        { client: trx }
      )
      return { ok: true, request } as const
    })
  } catch (error) {
    // Two submissions at the same moment: the partial unique index refuses the second one.
    if (isUniqueViolation(error)) return { ok: false, problem: 'pending_exists' }
    throw error
  }
}

export type Decision =
  { kind: 'approve'; affiliationId: number; note: string | null } | { kind: 'reject'; note: string }

export type DecideResult =
  | {
      ok: true
      request: AffiliationChangeRequest
      member: Member
      newAffiliation: Affiliation | null
      /** the decision mail was queued (false: the member has no registered address) */
      mailed: boolean
    }
  | { ok: false; problem: 'already_decided' | 'unknown_affiliation' | 'not_found' }

export const DECIDE_PROBLEM_MESSAGES = {
  already_decided: 'この申請はすでに処理済みです。最新の状態を確認してください。',
  unknown_affiliation: '変更後の所属を一覧から選んでください。',
  not_found: '申請が見つかりません。',
} as const

/**
 * Staff decision. The conditional UPDATE (… WHERE status = 'pending') makes it happen once
 * even when two staff press the button together: the second one changes no row and is refused.
 * On approval the member's affiliation and its change history are written in the same
 * transaction.
 */
export async function decideAffiliationRequest(
  requestId: number,
  staffId: number,
  decision: Decision
): Promise<DecideResult> {
  return transaction(async (trx) => {
    let newAffiliation: Affiliation | null = null
    if (decision.kind === 'approve') {
      newAffiliation = await Affiliation.query({ client: trx })
        .where('id', decision.affiliationId)
        .where('is_active', true)
        .first()
      if (!newAffiliation) return { ok: false, problem: 'unknown_affiliation' } as const
    }

    const now = DateTime.utc()
    const updated = await trx
      .from('affiliation_change_requests')
      .where('id', requestId)
      .where('status', 'pending')
      .update({
        status: decision.kind === 'approve' ? 'approved' : 'rejected',
        decided_by_staff_id: staffId,
        decided_at: dbTimestamp(now),
        decision_note: decision.note,
        // Free-text requests record which listed affiliation staff chose.
        ...(newAffiliation ? { requested_affiliation_id: newAffiliation.id } : {}),
        updated_at: dbTimestamp(now),
      })
    const changed = Number(Array.isArray(updated) ? updated[0] : updated)
    if (!changed) {
      const exists = await AffiliationChangeRequest.find(requestId, { client: trx })
      return { ok: false, problem: exists ? 'already_decided' : 'not_found' } as const
    }

    const request = await AffiliationChangeRequest.findOrFail(requestId, { client: trx })
    const member = await Member.findOrFail(request.memberId, { client: trx })

    if (newAffiliation && newAffiliation.id !== member.affiliationId) {
      const previous = member.affiliationId
        ? await Affiliation.find(member.affiliationId, { client: trx })
        : null
      member.affiliationId = newAffiliation.id
      await member.useTransaction(trx).save()
      await recordProfileChanges(
        member.id,
        [
          {
            field: 'affiliation',
            oldValue: previous ? affiliationValue(previous) : null,
            newValue: affiliationValue(newAffiliation),
          },
        ],
        { type: 'staff', staffId },
        trx
      )
    }
    const mailed = await queueDecisionMail(request, member, newAffiliation, trx)
    return { ok: true, request, member, newAffiliation, mailed } as const
  })
}

/** The member hears of the decision by mail, when registered (false: no address to mail). */
async function queueDecisionMail(
  request: AffiliationChangeRequest,
  member: Member,
  newAffiliation: Affiliation | null,
  trx: TransactionClientContract
): Promise<boolean> {
  const account = await MemberAccount.query({ client: trx }).where('member_id', member.id).first()
  if (!account?.email || account.registrationState !== 'registered') return false
  await request.load('requestedAffiliation')
  await queueMail(
    AffiliationRequestDecidedMail,
    [
      account.email,
      member.name,
      {
        approved: request.status === 'approved',
        affiliationName:
          newAffiliation?.name ??
          request.requestedAffiliationText ??
          request.requestedAffiliation?.name ??
          '',
        effectiveOn: formatJapaneseDate(request.effectiveOn),
        note: request.decisionNote,
      },
    ],
    { memberId: member.id, trx }
  )
  return true
}

/**
 * A staff decision (decideAffiliationRequest) and, once it is made, its audit entry; a refused
 * decision writes nothing.
 */
export async function recordAffiliationDecision(input: {
  requestId: number
  staffId: number
  decision: Decision
  origin: RequestOrigin
}): Promise<DecideResult> {
  const { requestId, staffId, decision, origin } = input
  const result = await decideAffiliationRequest(requestId, staffId, decision)
  if (!result.ok) return result
  await recordAudit({
    action:
      decision.kind === 'approve'
        ? 'staff.affiliation_request.approve'
        : 'staff.affiliation_request.reject',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: staffId,
    memberId: result.member.id,
    origin,
    details: { requestId: result.request.id, affiliationId: result.newAffiliation?.id ?? null },
  })
  return result
}

/** The flash after a decision: what was done, and whether the member was mailed. */
export function decisionMessage(kind: Decision['kind'], mailed: boolean): string {
  return `${kind === 'approve' ? '承認' : '却下'}しました。${mailed ? '組合員にメールでお知らせしました。' : '組合員はメールアドレス未登録のため、メールは送信していません。'}`
}

/** How an affiliation appears in the change history: code and name, for the core system. */
export function affiliationValue(affiliation: Affiliation): string {
  return `${affiliation.code} ${affiliation.name}`
}
