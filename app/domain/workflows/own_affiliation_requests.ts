import AffiliationChangeRequest from '#models/affiliation_change_request'

/** The member's own 所属変更申請, newest first, with both affiliations for the status list. */
export function ownAffiliationRequests(memberId: number): Promise<AffiliationChangeRequest[]> {
  return AffiliationChangeRequest.query()
    .where('member_id', memberId)
    .preload('fromAffiliation')
    .preload('requestedAffiliation')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
}
