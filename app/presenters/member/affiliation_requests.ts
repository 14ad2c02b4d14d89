import type AffiliationChangeRequest from '#models/affiliation_change_request'
import type Member from '#models/member'
import {
  presentAffiliationRequest,
  type AffiliationOption,
  type MemberAffiliationRequestsProps,
} from '#presenters/common/affiliation_requests'

/**
 * 所属変更申請 (member/affiliation_requests): the form offers every active affiliation but the
 * current one; the requests come from ownAffiliationRequests (both affiliations preloaded).
 */
export function presentMemberAffiliationRequests(
  member: Pick<Member, 'affiliationId' | 'affiliation'>,
  requests: AffiliationChangeRequest[],
  options: AffiliationOption[]
): MemberAffiliationRequestsProps {
  const list = requests.map(presentAffiliationRequest)
  return {
    currentAffiliation: member.affiliation?.name ?? null,
    affiliations: options.filter((option) => option.id !== member.affiliationId),
    hasPending: list.some((request) => request.status === 'pending'),
    requests: list,
  }
}
