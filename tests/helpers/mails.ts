import type { BaseMail } from '@adonisjs/mail'

type FakeMails = {
  sent(filterFn?: (mail: BaseMail) => boolean): BaseMail[]
  queued(filterFn?: (mail: BaseMail) => boolean): BaseMail[]
}

/**
 * Every mail that left through `mail.fake()`, sent at once or queued (`sendLater`, used where the
 * response time must not tell whether an account exists).
 */
export function allMails(mails: FakeMails, filterFn?: (mail: BaseMail) => boolean): BaseMail[] {
  return [...mails.sent(filterFn), ...mails.queued(filterFn)]
}

/** The last mail of a class sent or queued through `mail.fake()`, typed, or an error if none. */
export function lastSent<T extends BaseMail>(
  mails: FakeMails,
  mailClass: abstract new (...args: any[]) => T
): T {
  const found = allMails(mails, (mail) => mail instanceof mailClass)
  if (found.length === 0) throw new Error(`No ${mailClass.name} was sent`)
  return found[found.length - 1] as T
}

/** '/register/confirm/abc' from 'http://localhost:3411/register/confirm/abc'. */
export function pathOf(url: string) {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}
