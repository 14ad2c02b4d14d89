import type { BaseMail } from '@adonisjs/mail'

type FakeMails = { sent(filterFn?: (mail: BaseMail) => boolean): BaseMail[] }

/** The last mail of a class sent through `mail.fake()`, typed, or an error saying none was sent. */
export function lastSent<T extends BaseMail>(
  mails: FakeMails,
  mailClass: abstract new (...args: any[]) => T
): T {
  const found = mails.sent((mail) => mail instanceof mailClass)
  if (found.length === 0) throw new Error(`No ${mailClass.name} was sent`)
  return found[found.length - 1] as T
}

/** '/register/confirm/abc' from 'http://localhost:3411/register/confirm/abc'. */
export function pathOf(url: string) {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}
