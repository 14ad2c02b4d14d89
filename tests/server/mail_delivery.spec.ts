import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import { DateTime } from 'luxon'
import LoginCodeMail from '#mails/login_code_mail'
import PasswordResetMail from '#mails/password_reset_mail'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import {
  engine,
  smtpEnv,
  startMailWorker,
  startRealServer,
  type HttpClient,
  type MailWorker,
  type RealServer,
} from '#tests/helpers/real_server'
import { DEMO_MEMBER_PASSWORD, route } from '#tests/helpers/real_server_logins'
import { startSmtpServer, type TestSmtpServer } from '#tests/helpers/smtp_server'

/*
| Issue 10: the outbox as deployed. The portal runs as its own process and sends through a
| real SMTP server started by the suite; the tests read what that server received as a mail
| client does, and switch it to refuse, fail for now, answer slowly or be down.
*/

/** The public address the servers are configured with: links in mails must use it, not the port. */
const PUBLIC_ORIGIN = 'https://mypage.kmypage.test'
const DEMO_INITIAL_PASSWORD = 'K7P2M9QX'

const subjectOf = (MailClass: new (...args: any[]) => { subject?: string }) =>
  new MailClass('x@example.jp', 'x', 'x', DateTime.utc()).subject!

interface DemoMember {
  memberNumber: string
  name: string
  email: string
  birthDate: string
}

/** Registered, active demo members with a log-in e-mail, in member-number order. */
async function demoMembers(server: RealServer, count: number): Promise<DemoMember[]> {
  const birthDate =
    engine === 'pg' ? "to_char(m.birth_date, 'YYYYMMDD')" : "replace(m.birth_date, '-', '')"
  return server.sql<DemoMember>(
    `SELECT m.member_number AS "memberNumber", m.name AS "name", a.email AS "email",
            ${birthDate} AS "birthDate"
       FROM members m JOIN member_accounts a ON a.member_id = m.id
      WHERE a.registration_state = 'registered' AND a.email LIKE 'member%'
        AND a.locked_until IS NULL AND m.withdrawal_accepted_on IS NULL AND m.refund_on IS NULL
      ORDER BY m.member_number LIMIT ?`,
    [count]
  )
}

/** POST /login from a browser the member never used: answered with the code page. */
async function loginFromNewBrowser(client: HttpClient, email: string) {
  await client.get(route('public.login.show'))
  return client.postForm(route('public.login.store'), { email, password: DEMO_MEMBER_PASSWORD })
}

async function requestReset(client: HttpClient, member: DemoMember) {
  await client.get(route('public.password.forgot'))
  return client.postForm(route('public.password.request'), {
    memberNumber: member.memberNumber,
    email: member.email,
    birthDate: member.birthDate,
  })
}

interface OutboxRow {
  id: number
  kind: string
  recipient: string
  status: string
  attempts: number
  smtp_response: string | null
  message_id: string | null
  payload: string | null
  sent_at: unknown
}

async function outboxRows(server: RealServer, recipient: string): Promise<OutboxRow[]> {
  return server.sql<OutboxRow>(
    'SELECT id, kind, recipient, status, attempts, smtp_response, message_id, payload, sent_at FROM mail_outbox WHERE recipient = ? ORDER BY id',
    [recipient]
  )
}

/** Polls the outbox until `done` holds for the recipient's rows. */
async function waitForRows(
  server: RealServer,
  recipient: string,
  done: (rows: OutboxRow[]) => boolean,
  timeoutMs = 20_000
): Promise<OutboxRow[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const rows = await outboxRows(server, recipient)
    if (rows.length && done(rows)) return rows
    if (Date.now() > deadline) {
      throw new Error(`outbox rows of ${recipient} never matched: ${JSON.stringify(rows)}`)
    }
    await sleep(100)
  }
}

/** Every link of a decoded text and HTML body. */
function linksOf(text: string, html: string) {
  const inText = text.match(/https?:\/\/[^\s<>"]+/g) ?? []
  const inHtml = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1])
  return { inText, inHtml }
}

test.group('Mail through a real SMTP server', (group) => {
  let smtp: TestSmtpServer
  let server: RealServer
  let members: DemoMember[]
  let next = 0
  /** A member no other test of the group has used (each test counts its own mails). */
  const freshMember = () => members[next++]

  group.setup(async () => {
    smtp = await startSmtpServer()
    server = await startRealServer({
      /*
       * First retry after 2 s: SQLite keeps timestamps to the second, so a retry due in
       * less than a second may come due at once; 2 s keeps the back-off visible.
       */
      env: { ...smtpEnv(smtp, { MAIL_RETRY_BASE_MS: '2000' }), APP_URL: PUBLIC_ORIGIN },
    })
    members = await demoMembers(server, 20)
    return async () => {
      await server.stop()
      await smtp.stop()
    }
  })
  group.each.setup(async () => {
    smtp.accept()
    await smtp.start()
  })

  test('a client reads the Japanese subject, both parts, From, Message-ID and links on APP_URL', async ({
    assert,
  }) => {
    const member = freshMember()
    const browser = server.client()
    const answer = await loginFromNewBrowser(browser, member.email)
    assert.equal(answer.location, route('public.login.code'))

    const codeMail = await smtp.waitForMessage(member.email, 'ログイン認証コード')
    const parsed = codeMail.parsed
    assert.equal(parsed.subject, subjectOf(LoginCodeMail))
    assert.match(
      codeMail.raw.toString('latin1'),
      /^Subject: =\?UTF-8\?/im,
      'the subject travels MIME-encoded'
    )
    assert.match(codeMail.raw.toString('latin1'), /multipart\/alternative/i)
    assert.match(codeMail.raw.toString('latin1'), /Content-Type: text\/plain; charset=utf-8/i)
    assert.match(codeMail.raw.toString('latin1'), /Content-Type: text\/html; charset=utf-8/i)
    assert.isString(parsed.text)
    assert.isString(parsed.html)
    assert.include(parsed.text!, `${member.name} 様`)
    assert.include(parsed.html as string, `${member.name} 様`)
    assert.include(parsed.text!, '認証コード')
    assert.include(parsed.html as string, '認証コード')
    assert.deepEqual(parsed.from?.value, [
      { address: 'noreply@kmypage.jp', name: '学校生協 マイページ' },
    ])
    assert.equal(codeMail.from, 'noreply@kmypage.jp', 'the envelope sender')
    assert.deepEqual(codeMail.to, [member.email])
    assert.deepEqual(
      parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0].address : null,
      member.email
    )
    /*
     * No Reply-To, on purpose: the mails say 「このメールは送信専用です。ご返信いただいても
     * お答えできません」 and give the co-op's phone; questions go to the phone or to
     * 連絡・お問い合わせ after log-in (FAQ). A Reply-To would invite replies nobody reads.
     */
    assert.isUndefined(parsed.replyTo)
    assert.include(parsed.text!, '送信専用')
    assert.match(parsed.messageId ?? '', /^<[^<>@\s]+@[^<>@\s]+>$/)
    assert.instanceOf(parsed.date, Date)

    const [row] = await waitForRows(server, member.email, (rows) => rows[0].status === 'sent')
    assert.equal(
      row.message_id,
      parsed.messageId,
      'the outbox keeps the Message-ID the client sees'
    )
    assert.isNull(row.payload, 'the code is erased from the outbox once sent')

    // The code as read from the mail finishes the log-in.
    const code = parsed.text!.match(/\b(\d{6})\b/)?.[1]
    assert.exists(code)
    await browser.get(route('public.login.code'))
    const loggedIn = await browser.postForm(route('public.login.code.store'), { code: code! })
    assert.equal(loggedIn.status, 302)
    assert.notEqual(loggedIn.location, route('public.login.code'))

    // A mail with a link: absolute, on the configured public origin, the same in both parts.
    const resetFor = freshMember()
    const reset = await requestReset(server.client(), resetFor)
    assert.equal(reset.location, route('public.password.sent'))
    const resetMail = await smtp.waitForMessage(resetFor.email, 'パスワード')
    assert.equal(resetMail.parsed.subject, subjectOf(PasswordResetMail))
    assert.include(resetMail.parsed.text!, `${resetFor.name} 様`)
    const { inText, inHtml } = linksOf(resetMail.parsed.text!, resetMail.parsed.html as string)
    assert.lengthOf(inText, 1, 'one link in the text part')
    assert.isTrue(
      inText[0]!.startsWith(`${PUBLIC_ORIGIN}/password/reset/`),
      `the link is on APP_URL: ${inText[0]}`
    )
    assert.deepEqual(inHtml, inText, 'the HTML part links to the same address')
    assert.notEqual(resetMail.messageId, codeMail.messageId)
    assert.lengthOf(await server.mails(), 0, 'nothing went to the quick-start mailbox')
  })

  test('with SMTP down, log-in, reset and registration answer as usual; when it is back every mail arrives once', async ({
    assert,
  }) => {
    await smtp.stop()
    const loginFor = freshMember()
    const resetFor = freshMember()
    const newcomer = 'taro.sato.down@example.jp'

    const browser = server.client()
    const login = await loginFromNewBrowser(browser, loginFor.email)
    assert.equal(login.status, 302, login.text.slice(0, 300))
    assert.equal(login.location, route('public.login.code'))
    assert.isBelow(login.elapsedMs, 2000, 'the log-in does not wait for SMTP')
    const codePage = await browser.get(route('public.login.code'))
    assert.equal(codePage.status, 200)

    const reset = await requestReset(server.client(), resetFor)
    assert.equal(reset.status, 302)
    assert.equal(reset.location, route('public.password.sent'))
    assert.isBelow(reset.elapsedMs, 2000)

    const visitor = server.client()
    await visitor.get(route('public.register.show'))
    const verified = await visitor.postForm(route('public.register.verify'), {
      memberNumber: '1000002',
      initialPassword: DEMO_INITIAL_PASSWORD,
    })
    assert.equal(verified.location, route('public.register.account'))
    await visitor.get(route('public.register.account'))
    const registered = await visitor.postForm(route('public.register.store_account'), {
      email: newcomer,
      password: 'Sato-Taro-Touroku-2026',
      password_confirmation: 'Sato-Taro-Touroku-2026',
    })
    assert.equal(registered.location, route('public.register.sent'))
    assert.isBelow(registered.elapsedMs, 2000)

    const recipients = [loginFor.email, resetFor.email, newcomer]
    // The sender tried, was refused a connection, and keeps each mail queued with the reason.
    for (const recipient of recipients) {
      const [row] = await waitForRows(
        server,
        recipient,
        (rows) =>
          rows[0].status === 'queued' &&
          rows[0].attempts >= 1 &&
          (rows[0].smtp_response ?? '').includes('ECONNREFUSED')
      )
      assert.isNotNull(row.payload, 'a queued mail keeps its content')
    }
    for (const recipient of recipients) assert.lengthOf(smtp.attemptsFor(recipient), 0)
    assert.notInclude(server.output(), '"statusCode":500')

    await smtp.start()
    const subjects = {
      [loginFor.email]: subjectOf(LoginCodeMail),
      [resetFor.email]: subjectOf(PasswordResetMail),
      [newcomer]: subjectOf(RegistrationConfirmMail),
    }
    for (const recipient of recipients) {
      await smtp.waitForMessage(recipient, subjects[recipient], 30_000)
    }
    // A few more sender rounds (200 ms apart): nothing comes twice.
    await sleep(1500)
    const byRecipient = smtp.deliveriesByRecipientAndSubject()
    for (const recipient of recipients) {
      assert.equal(byRecipient.get(`${recipient}|${subjects[recipient]}`), 1, recipient)
      assert.lengthOf(smtp.messagesTo(recipient), 1, recipient)
      const rows = await outboxRows(server, recipient)
      assert.lengthOf(rows, 1)
      assert.equal(rows[0].status, 'sent')
      assert.equal(rows[0].message_id, smtp.messagesTo(recipient)[0].messageId)
      assert.equal(smtp.deliveriesByMessageId().get(rows[0].message_id!), 1)
    }
  })

  test('a permanent refusal (5xx) fails the mail with the server’s answer, after one attempt', async ({
    assert,
  }) => {
    const member = freshMember()
    smtp.refuse({
      recipient: member.email,
      code: 550,
      text: '5.1.1 Recipient address rejected: User unknown in virtual mailbox table',
    })
    const answer = await loginFromNewBrowser(server.client(), member.email)
    assert.equal(answer.location, route('public.login.code'))

    const [row] = await waitForRows(server, member.email, (rows) => rows[0].status === 'failed')
    assert.include(row.smtp_response ?? '', '550')
    assert.include(row.smtp_response ?? '', 'User unknown in virtual mailbox table')
    assert.isNull(row.payload)
    // A retry would come within 2.4 s (MAIL_RETRY_BASE_MS 2000 ±20 %): give it more.
    await sleep(3500)
    assert.lengthOf(smtp.attemptsFor(member.email), 1, 'no retry after a 5xx')
    const [after] = await outboxRows(server, member.email)
    assert.equal(after.status, 'failed')
    assert.equal(after.attempts, 1)
    assert.lengthOf(smtp.messagesTo(member.email), 0)
  })

  test('a temporary failure (4xx) is retried after the back-off and sent once accepted', async ({
    assert,
  }) => {
    const member = freshMember()
    smtp.failTemporarily({ recipient: member.email, code: 451, times: 2 })
    const answer = await loginFromNewBrowser(server.client(), member.email)
    assert.equal(answer.location, route('public.login.code'))

    await smtp.waitForMessage(member.email, 'ログイン認証コード')
    const attempts = smtp.attemptsFor(member.email)
    assert.deepEqual(
      attempts.map((attempt) => attempt.code),
      [451, 451, 250]
    )
    // Back-off 2 s then 4 s (±20 %), less up to a second of SQLite's timestamp precision.
    assert.isAtLeast(attempts[1]!.at.getTime() - attempts[0]!.at.getTime(), 500)
    assert.isAtLeast(attempts[2]!.at.getTime() - attempts[1]!.at.getTime(), 2000)
    const [row] = await waitForRows(server, member.email, (rows) => rows[0].status === 'sent')
    assert.equal(row.attempts, 3)
    await sleep(1000)
    assert.lengthOf(smtp.messagesTo(member.email), 1)
  })

  test('a slow server (3 s per message) never slows the requests that queue mails', async ({
    assert,
  }) => {
    smtp.slow(3000)
    const slowMembers = [freshMember(), freshMember(), freshMember()]
    for (const member of slowMembers) {
      const answer = await loginFromNewBrowser(server.client(), member.email)
      assert.equal(answer.location, route('public.login.code'))
      assert.isBelow(answer.elapsedMs, 1000, `the log-in of ${member.email} did not wait`)
    }
    for (const member of slowMembers) {
      await smtp.waitForMessage(member.email, 'ログイン認証コード', 30_000)
    }
    for (const member of slowMembers) {
      const [row] = await waitForRows(server, member.email, (rows) => rows[0].status === 'sent')
      assert.equal(row.attempts, 1, 'a slow answer is not a failure')
    }
  })

  test('a log-in code that expired during an outage is never sent', async ({ assert }) => {
    await smtp.stop()
    const member = freshMember()
    const answer = await loginFromNewBrowser(server.client(), member.email)
    assert.equal(answer.location, route('public.login.code'))
    const [row] = await waitForRows(
      server,
      member.email,
      (rows) => rows[0].status === 'queued' && rows[0].attempts >= 1
    )
    // What an hour of outage does to a 10-minute code.
    await server.sql('UPDATE mail_outbox SET expires_at = created_at WHERE id = ?', [row.id])

    await smtp.start()
    const [expired] = await waitForRows(
      server,
      member.email,
      (rows) => rows[0].status === 'expired'
    )
    assert.isNull(expired.payload, 'the code is erased')
    assert.isNull(expired.sent_at)
    // A mail queued afterwards goes through: the sender ran past the expired one.
    const later = freshMember()
    await loginFromNewBrowser(server.client(), later.email)
    await smtp.waitForMessage(later.email, 'ログイン認証コード')
    assert.lengthOf(smtp.attemptsFor(member.email), 0, 'the expired code never reached the server')
  })
})

test.group('Mail sent by separate sender processes', (group) => {
  let smtp: TestSmtpServer
  let server: RealServer
  let members: DemoMember[]
  let next = 0
  const freshMember = () => members[next++]

  group.setup(async () => {
    smtp = await startSmtpServer()
    // The web instance only queues: sending is left to `node ace mail:work` processes.
    server = await startRealServer({ env: { ...smtpEnv(smtp), MAIL_SENDER: 'off' } })
    members = await demoMembers(server, 60)
    return async () => {
      await server.stop()
      await smtp.stop()
    }
  })
  group.each.setup(async () => {
    smtp.accept()
    await smtp.start()
  })

  test('two senders at once (PostgreSQL: two mail:work; SQLite: a web sender and a mail:work) send each of 40 mails once', async ({
    assert,
  }) => {
    smtp.slow(30)
    const senders: { stop(): Promise<unknown> }[] = []
    let target = server
    if (engine === 'pg') {
      senders.push(await startMailWorker(server), await startMailWorker(server))
    } else {
      // A second web instance of the installation with the in-process sender, taking the requests.
      target = await startRealServer({
        sameInstallationAs: server,
        env: { ...smtpEnv(smtp), MAIL_SENDER: 'in-process' },
      })
      senders.push(target, await startMailWorker(server))
    }
    try {
      const batch = members.slice(next, next + 40)
      next += 40
      // Ten browsers at a time log in from a new device: 40 log-in code mails.
      for (let start = 0; start < batch.length; start += 10) {
        const answers = await Promise.all(
          batch
            .slice(start, start + 10)
            .map((member) => loginFromNewBrowser(target.client(), member.email))
        )
        for (const answer of answers) assert.equal(answer.location, route('public.login.code'))
      }
      const recipients = new Set(batch.map((member) => member.email))
      await smtp.waitForMessages(40, (mail) => recipients.has(mail.to[0]!), 60_000)
      await sleep(1500)
      const byRecipient = smtp.deliveriesByRecipientAndSubject()
      const subject = subjectOf(LoginCodeMail)
      for (const member of batch) {
        assert.equal(byRecipient.get(`${member.email}|${subject}`), 1, member.email)
      }
      for (const [messageId, count] of smtp.deliveriesByMessageId()) {
        assert.equal(count, 1, messageId)
      }
      const [{ count }] = await server.sql<{ count: number | string }>(
        "SELECT COUNT(*) AS count FROM mail_outbox WHERE kind = 'login_code' AND status = 'sent'"
      )
      assert.equal(Number(count), 40)
      assert.lengthOf(await server.mails(), 0, 'nothing went to the quick-start mailbox')
    } finally {
      await Promise.all(senders.map((sender) => sender.stop()))
    }
  })

  test('mails a sender claimed and has not handed over yet are not sent twice when their lease ends', async ({
    assert,
  }) => {
    /*
     * One sender claims a whole batch (up to 20 rows) under one lease and hands them over a
     * few at a time: behind a slow server the last ones wait longer than the lease. Another
     * sender must not take a row over and send it while the first is still going to.
     */
    const settings = { MAIL_LEASE_MS: '2500', MAIL_SEND_CONCURRENCY: '1' }
    smtp.slow(1000)
    const batch = members.slice(next, next + 10)
    next += 10
    for (const member of batch) {
      const answer = await loginFromNewBrowser(server.client(), member.email)
      assert.equal(answer.location, route('public.login.code'))
    }
    const dataBefore = smtp.dataStarted
    const first = await startMailWorker(server, settings)
    let second: MailWorker | null = null
    try {
      while (smtp.dataStarted === dataBefore) await sleep(50)
      second = await startMailWorker(server, settings)
      const recipients = new Set(batch.map((member) => member.email))
      await smtp.waitForMessages(10, (mail) => recipients.has(mail.to[0]!), 60_000)
      // Both senders' pending hand-overs end within a few slow answers.
      await sleep(4000)
      for (const member of batch) {
        assert.lengthOf(smtp.messagesTo(member.email), 1, member.email)
      }
      const [{ count }] = await server.sql<{ count: number | string }>(
        "SELECT COUNT(*) AS count FROM mail_outbox WHERE status = 'sent' AND recipient IN (" +
          batch.map(() => '?').join(', ') +
          ')',
        batch.map((member) => member.email)
      )
      assert.equal(Number(count), 10)
    } finally {
      await first.stop()
      await second?.stop()
    }
  })

  test('a sender killed while the server takes a mail: another sender sends it after the lease', async ({
    assert,
  }) => {
    const lease = { MAIL_LEASE_MS: '4000' }
    smtp.slow(15_000)
    let first: MailWorker | null = await startMailWorker(server, lease)
    let second: MailWorker | null = null
    try {
      const member = freshMember()
      const dataBefore = smtp.dataStarted
      const answer = await loginFromNewBrowser(server.client(), member.email)
      assert.equal(answer.location, route('public.login.code'))
      // The message is on the wire; the server has not answered yet.
      const deadline = Date.now() + 20_000
      while (smtp.dataStarted === dataBefore) {
        if (Date.now() > deadline)
          assert.fail(`the sender never handed the mail over:\n${first.output()}`)
        await sleep(50)
      }
      const [claimed] = await outboxRows(server, member.email)
      assert.equal(claimed.status, 'sending')
      await first.kill('SIGKILL')
      first = null

      smtp.accept()
      const killedAt = Date.now()
      second = await startMailWorker(server, lease)
      /*
       * At least once. The killed sender never learnt the answer, so the row stayed `sending`
       * until its lease ended. A sender that dies after the server accepted a mail and before
       * it marked the row sent is the one window for a duplicate (here the test server drops
       * a message whose client left before the answer; a real server may keep it).
       */
      const delivered = await smtp.waitForMessage(member.email, 'ログイン認証コード', 30_000)
      assert.isAtLeast(smtp.messagesTo(member.email).length, 1)
      assert.isAtLeast(delivered.receivedAt.getTime() - killedAt, 0)
      const [row] = await waitForRows(server, member.email, (rows) => rows[0].status === 'sent')
      assert.equal(row.attempts, 2, 'claimed by the killed sender, then by the other one')
    } finally {
      await first?.kill('SIGKILL')
      await second?.stop()
    }
  })
})
