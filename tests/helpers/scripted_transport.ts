import emitter from '@adonisjs/core/services/emitter'
import mail from '@adonisjs/mail/services/main'
import { Mailer, MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * A mail transport for the outbox's unit tests: it records every message it accepts and,
 * when told to, fails the way nodemailer's SMTP transport does (an Error carrying `code`,
 * and `response` / `responseCode` when the server answered). No network.
 */
export type Script = (
  message: NodeMailerMessage,
  attempt: number
) => Error | undefined | Promise<Error | undefined>

export class ScriptedTransport implements MailTransportContract {
  /** Accepted messages, in the order they were accepted. */
  accepted: NodeMailerMessage[] = []
  /** Every hand-over, accepted or not (recipients). */
  attempts: string[] = []
  script: Script = () => undefined

  constructor(script?: Script) {
    if (script) this.script = script
  }

  async send(message: NodeMailerMessage) {
    const to = recipientOf(message)
    this.attempts.push(to)
    const failure = await this.script(message, this.attempts.filter((r) => r === to).length)
    if (failure) throw failure
    this.accepted.push(message)
    return new MailResponse(
      `<${this.accepted.length}.scripted@kmypage.test>`,
      { from: 'noreply@kmypage.jp', to: [to] },
      { response: '250 2.0.0 Ok: queued as SCRIPTED' }
    )
  }

  /** How many times each recipient was accepted. */
  acceptedCounts(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const message of this.accepted) {
      const to = recipientOf(message)
      counts.set(to, (counts.get(to) ?? 0) + 1)
    }
    return counts
  }

  acceptedRecipients(): string[] {
    return this.accepted.map(recipientOf)
  }
}

export function recipientOf(message: NodeMailerMessage): string {
  const to = Array.isArray(message.to) ? message.to[0] : message.to
  return typeof to === 'string' ? to : String((to as { address?: string })?.address ?? '')
}

/** A real Mailer (messages built and rendered as in production) over the scripted transport. */
export function scriptedMailer(transport: ScriptedTransport) {
  return new Mailer('scripted', transport, emitter as any, mail.config)
}

/** What nodemailer's SMTP connection rejects with (lib/smtp-connection `_formatError`). */
export function smtpError(code: string, response?: string, command = 'RCPT TO'): Error {
  const error = new Error(response ? `Can't send mail: ${response}` : code) as Error & {
    code: string
    response?: string
    responseCode?: number
    command: string
  }
  error.code = code
  error.command = command
  if (response) {
    error.response = response
    const responseCode = Number((response.match(/^\d+/) ?? [])[0])
    if (responseCode) error.responseCode = responseCode
  }
  return error
}

/** A socket error as nodemailer reports it (`connect ECONNREFUSED 127.0.0.1:2`, code ESOCKET). */
export function socketError(errno: string): Error {
  const error = new Error(`connect ${errno} 127.0.0.1:2`) as Error & {
    code: string
    errno: string
    command: string
  }
  error.code = errno === 'ETIMEDOUT' ? 'ETIMEDOUT' : 'ESOCKET'
  error.errno = errno
  error.command = 'CONN'
  return error
}
