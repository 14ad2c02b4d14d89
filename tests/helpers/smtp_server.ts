/*
| A real SMTP server for the `server` suite (npm smtp-server): what the portal's sender talks
| to in production, on 127.0.0.1 and a free port, no TLS, AUTH accepted when offered. Every
| accepted message is kept raw and as a mail client reads it (mailparser's simpleParser).
|
| Its behaviour is switched at runtime: accept (default); refuse for good (5xx) or for now
| (4xx) at RCPT TO, for every recipient or one; answer DATA slowly; or be down: `stop()`
| closes the port, `start()` listens again on the same one.
*/
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '#tests/helpers/real_server'

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[]
  from: string
  raw: Buffer
  parsed: ParsedMail
  /** Header Message-ID, as sent. */
  messageId: string
  receivedAt: Date
}

/** One RCPT TO the server answered (accepted or not): how attempts are counted. */
export interface RecipientAttempt {
  recipient: string
  code: number
  at: Date
}

interface Refusal {
  code: number
  text: string
  /** Only this recipient (any when null). */
  recipient: string | null
  /** How many more RCPT TO are answered this way (Infinity: until changed). */
  remaining: number
}

const liveSmtpServers = new Set<TestSmtpServer>()

export class TestSmtpServer {
  readonly host = '127.0.0.1'
  readonly received: ReceivedMail[] = []
  readonly attempts: RecipientAttempt[] = []
  /** Messages whose DATA was read but whose client was gone before the answer. */
  readonly abandoned: { to: string[]; raw: Buffer }[] = []
  #server: SMTPServer | null = null
  #refusals: Refusal[] = []
  #dataDelayMs = 0
  #closedSessions = new Set<string>()
  #dataStarted = 0

  constructor(readonly port: number) {}

  /** The environment that points a real server (or `mail:work`) at this SMTP server. */
  get env(): Record<string, string> {
    return { SMTP_HOST: this.host, SMTP_PORT: String(this.port), SMTP_SECURE: 'false' }
  }

  get listening() {
    return this.#server !== null
  }

  /** Listens (again) on the same port. */
  async start() {
    if (this.#server) return
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      logger: false,
      // stop() ends open connections after this instead of smtp-server's 30 s.
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onRcptTo: (address, _session, callback) => {
        const recipient = address.address.toLowerCase()
        const refusal = this.#refusals.find(
          (candidate) =>
            candidate.remaining > 0 &&
            (candidate.recipient === null || candidate.recipient === recipient)
        )
        this.attempts.push({ recipient, code: refusal?.code ?? 250, at: new Date() })
        if (!refusal) return callback()
        refusal.remaining--
        const error = Object.assign(new Error(refusal.text), { responseCode: refusal.code })
        callback(error)
      },
      onData: (stream, session, callback) => {
        this.#dataStarted++
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          void this.#answerData(Buffer.concat(chunks), session).then(
            () => callback(),
            (error: Error) => callback(error)
          )
        })
      },
      onClose: (session) => {
        this.#closedSessions.add(session.id)
      },
    })
    server.on('error', () => {})
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, this.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    this.#server = server
    liveSmtpServers.add(this)
  }

  /** Closes the port (connections refused) until start(). */
  async stop() {
    const server = this.#server
    if (!server) return
    this.#server = null
    liveSmtpServers.delete(this)
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  async #answerData(raw: Buffer, session: SMTPServerSession) {
    const to = session.envelope.rcptTo.map((address) => address.address.toLowerCase())
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
    if (this.#dataDelayMs > 0) await sleep(this.#dataDelayMs)
    if (this.#closedSessions.has(session.id)) {
      // The client died while waiting for the answer: it never learnt the mail was taken.
      this.abandoned.push({ to, raw })
      return
    }
    const parsed = await simpleParser(raw)
    this.received.push({
      to,
      from,
      raw,
      parsed,
      messageId: parsed.messageId ?? '',
      receivedAt: new Date(),
    })
  }

  /** Back to accepting everything at once. */
  accept() {
    this.#refusals = []
    this.#dataDelayMs = 0
  }

  /** Refuses for good at RCPT TO (550 by default), for every recipient or one. */
  refuse(options: { code?: number; text?: string; recipient?: string } = {}) {
    this.#refusals.push({
      code: options.code ?? 550,
      text: options.text ?? '5.1.1 <recipient>: Recipient address rejected: User unknown',
      recipient: options.recipient?.toLowerCase() ?? null,
      remaining: Number.POSITIVE_INFINITY,
    })
  }

  /** Answers RCPT TO with a temporary failure (451 by default), `times` times, then accepts. */
  failTemporarily(
    options: { code?: number; text?: string; recipient?: string; times?: number } = {}
  ) {
    this.#refusals.push({
      code: options.code ?? 451,
      text: options.text ?? '4.3.0 Temporary local problem, please try again later',
      recipient: options.recipient?.toLowerCase() ?? null,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    })
  }

  /** Waits this long after the message's final dot before answering (a slow server). */
  slow(delayMs: number) {
    this.#dataDelayMs = delayMs
  }

  /** How many DATA commands the server has begun reading (accepted or not). */
  get dataStarted() {
    return this.#dataStarted
  }

  messagesTo(recipient: string): ReceivedMail[] {
    const address = recipient.toLowerCase()
    return this.received.filter((mail) => mail.to.includes(address))
  }

  attemptsFor(recipient: string): RecipientAttempt[] {
    const address = recipient.toLowerCase()
    return this.attempts.filter((attempt) => attempt.recipient === address)
  }

  /** Deliveries per Message-ID: every value is 1 when no mail was sent twice. */
  deliveriesByMessageId(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const mail of this.received)
      counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1)
    return counts
  }

  /** Deliveries per recipient and decoded subject ("to|subject"). */
  deliveriesByRecipientAndSubject(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const mail of this.received) {
      for (const to of mail.to) {
        const key = `${to}|${mail.parsed.subject ?? ''}`
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
    }
    return counts
  }

  /** Waits until `count` messages matching `match` were accepted; resolves with them. */
  async waitForMessages(
    count: number,
    match: (mail: ReceivedMail) => boolean = () => true,
    timeoutMs = 20_000
  ): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.received.filter(match)
      if (found.length >= count) return found
      if (Date.now() > deadline) {
        throw new Error(
          `${found.length} of ${count} expected messages within ${timeoutMs} ms; received: ${JSON.stringify(
            this.received.map((mail) => [mail.to, mail.parsed.subject])
          )}`
        )
      }
      await sleep(50)
    }
  }

  /** Waits for one message to `recipient` whose subject includes `subject`. */
  async waitForMessage(recipient: string, subject = '', timeoutMs = 20_000): Promise<ReceivedMail> {
    const address = recipient.toLowerCase()
    const [mail] = await this.waitForMessages(
      1,
      (candidate) =>
        candidate.to.includes(address) && (candidate.parsed.subject ?? '').includes(subject),
      timeoutMs
    )
    return mail
  }
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const server = new TestSmtpServer(await freePort())
  await server.start()
  return server
}

/** Runner teardown: SMTP servers a test left listening. */
export async function stopAllSmtpServers() {
  await Promise.all([...liveSmtpServers].map((server) => server.stop()))
}
