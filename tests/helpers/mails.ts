import type { BaseMail } from '@adonisjs/mail'
import { deliverDueMails } from '#domain/mail/mail_sender'

/**
 * Sends every mail of the outbox that is due, through the mailer in use (`mail.fake()` in
 * the suites), the way the sender of a running server does right after a commit. The api
 * client does it after each request (tests/bootstrap.ts); unit and browser tests call it
 * before they look at the mails.
 */
export async function deliverOutbox() {
  for (let round = 0; round < 100; round++) {
    const { claimed } = await deliverDueMails({ senderId: 'test-suite' })
    if (claimed === 0) return
  }
  throw new Error('the outbox did not drain in 100 rounds')
}

type FakeMails = {
  sent(filterFn?: (mail: BaseMail) => boolean): BaseMail[]
}

/** Every mail that left through `mail.fake()`, once the outbox is delivered. */
export async function allMails(
  mails: FakeMails,
  filterFn?: (mail: BaseMail) => boolean
): Promise<BaseMail[]> {
  await deliverOutbox()
  return mails.sent(filterFn)
}

/** The last mail of a class sent through `mail.fake()` (the outbox delivered first), typed. */
export async function lastSent<T extends BaseMail>(
  mails: FakeMails,
  mailClass: abstract new (...args: any[]) => T
): Promise<T> {
  const found = await allMails(mails, (mail) => mail instanceof mailClass)
  if (found.length === 0) throw new Error(`No ${mailClass.name} was sent`)
  return found[found.length - 1] as T
}

/** '/register/confirm/abc' from 'http://localhost:3411/register/confirm/abc'. */
export function pathOf(url: string) {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}
