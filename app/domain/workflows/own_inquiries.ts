import Inquiry from '#models/inquiry'

/**
 * A member reads and writes only their own inquiry threads: another member's thread, like an
 * unknown one, answers 404, so a member cannot tell which thread numbers exist.
 */

/** The member's threads, the latest activity first. */
export function ownInquiries(memberId: number): Promise<Inquiry[]> {
  return Inquiry.query()
    .where('member_id', memberId)
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
}

/** One of the member's threads by the id from the URL, or 404. */
export function findOwnInquiry(memberId: number, id: unknown): Promise<Inquiry> {
  return Inquiry.query().where('member_id', memberId).where('id', Number(id)).firstOrFail()
}

/** The thread with its messages, oldest first (the thread page). */
export async function findOwnInquiryThread(memberId: number, id: unknown): Promise<Inquiry> {
  const inquiry = await findOwnInquiry(memberId, id)
  await inquiry.load('messages', (query) => query.orderBy('created_at', 'asc').orderBy('id', 'asc'))
  return inquiry
}
