import { DateTime } from 'luxon'
import type { Infer } from '@vinejs/vine/types'
import type AffiliationChangeRequest from '#models/affiliation_change_request'
import type { affiliationRequestValidator } from '#validators/member/affiliation_request'
import {
  SUBMIT_PROBLEM_MESSAGES,
  effectiveDateProblem,
  submitAffiliationRequest,
} from '#domain/workflows/affiliation_requests'
import { todayInJapan } from '#domain/common/clock'

/**
 * 所属変更申請 from the member's form: the effective date within its window (today, Japan
 * time), then the request itself (one pending per member, a listed active affiliation other
 * than the current one; affiliation_requests.ts). 'other' means the member typed the name.
 */
export interface AffiliationChangeRequestCommand {
  memberId: number
  input: Infer<typeof affiliationRequestValidator>
  today?: DateTime
}

export type AffiliationChangeRequestOutcome =
  | { status: 'requested'; request: AffiliationChangeRequest }
  /** A request is still pending: the form is fine, the member waits for its decision. */
  | { status: 'pending_exists'; message: string }
  /** A field the member should correct, with the message to show next to it. */
  | { status: 'invalid'; field: 'effectiveOn' | 'affiliationId'; message: string }

export async function requestAffiliationChange({
  memberId,
  input,
  today = todayInJapan(),
}: AffiliationChangeRequestCommand): Promise<AffiliationChangeRequestOutcome> {
  const effectiveOn = DateTime.fromISO(input.effectiveOn)
  const dateProblem = effectiveDateProblem(effectiveOn, today)
  if (dateProblem) return { status: 'invalid', field: 'effectiveOn', message: dateProblem }

  const typed = input.affiliationId === 'other'
  const result = await submitAffiliationRequest(memberId, {
    affiliationId: typed ? null : Number(input.affiliationId),
    affiliationText: typed ? (input.affiliationText ?? null) : null,
    effectiveOn,
    reason: input.reason,
  })
  if (result.ok) return { status: 'requested', request: result.request }
  if (result.problem === 'pending_exists') {
    return { status: 'pending_exists', message: SUBMIT_PROBLEM_MESSAGES.pending_exists }
  }
  return {
    status: 'invalid',
    field: 'affiliationId',
    message: SUBMIT_PROBLEM_MESSAGES[result.problem],
  }
}
