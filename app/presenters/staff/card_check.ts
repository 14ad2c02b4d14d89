import type { CardCheckOutcome } from '#domain/members/card_check'
import { presentCardCheck, type CardCheckProps } from '#presenters/common/card_check'
import { routeUrl } from '#services/named_routes'

/**
 * staff/card_check (組合員証の確認 at the desk): the scan field, and the same answer the public
 * page gives, with a link to the member's page when the card is valid (staff may open it).
 */
export interface StaffCardCheckProps {
  scanned: string
  result: CardCheckProps | null
  memberHref: string | null
}

export function presentStaffCardCheck(
  scanned: string,
  outcome: CardCheckOutcome | null
): StaffCardCheckProps {
  return {
    scanned,
    result: outcome ? presentCardCheck(outcome) : null,
    memberHref:
      outcome?.status === 'valid'
        ? routeUrl('staff.members.show', { id: outcome.member.id }, { tab: 'card_checks' })
        : null,
  }
}
