import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { DEMO_MEMBER_PASSWORD, DEMO_STAFF_PASSWORD, route } from '#tests/helpers/real_server_logins'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'

/*
| Issue 9, defects 2 and 6, against the served app: parallel wrong passwords, each from another
| loopback address (so the per-address limits never stop them), must lock the account exactly
| once; and an unknown id must get the same answers.
*/
const PARALLEL = 30
const LOCKED = 'アカウントを一時的にロックしています'
const WRONG = /またはパスワードが正しくありません/

/** A browser at its own address: opens the log-in page, posts the form, reads the message. */
async function attempt(
  server: RealServer,
  address: number,
  area: 'member' | 'staff',
  loginId: string,
  password: string
) {
  const client = server.client({ localAddress: `127.0.0.${address}` })
  const page = area === 'member' ? route('public.login.show') : route('staff.login.show')
  const store = area === 'member' ? route('public.login.store') : route('staff.login.store')
  const field = area === 'member' ? 'email' : 'loginId'
  await client.get(page)
  const answer = await client.postForm(store, { [field]: loginId, password }, { timeoutMs: 20_000 })
  const shown = await client.follow(answer)
  return {
    status: answer.status,
    location: answer.location,
    message: shown.page<{ flash: { error: string | null } }>().props.flash.error,
  }
}

function kind(message: unknown) {
  const text = String(message ?? '')
  if (text.includes(LOCKED)) return 'locked'
  if (WRONG.test(text)) return 'wrong'
  return `other: ${text}`
}

test.group('Account lock on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })
  group.each.timeout(120_000)

  test('thirty parallel wrong passwords lock the member account once; the right one is refused', async ({
    assert,
  }) => {
    const email = 'hanako@example.jp'
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        attempt(server, i + 10, 'member', email, `wrong guess ${i}`)
      )
    )
    const kinds = answers.map((answer) => kind(answer.message))
    assert.equal(
      kinds.filter((k) => k === 'wrong').length,
      ACCOUNT_LOCK.consecutiveFailures - 1,
      server.output()
    )
    assert.equal(
      kinds.filter((k) => k === 'locked').length,
      PARALLEL - ACCOUNT_LOCK.consecutiveFailures + 1
    )

    const [row] = await server.sql<{ locked_until: unknown }>(
      'SELECT locked_until FROM member_accounts WHERE email = ?',
      [email]
    )
    assert.isNotNull(row.locked_until)

    const right = await attempt(server, 200, 'member', email, DEMO_MEMBER_PASSWORD)
    assert.equal(right.location, route('public.login.show'))
    assert.include(String(right.message), LOCKED)

    // The lock mail is queued after the answer: wait for it, then make sure no second one follows.
    await server.waitForMail((mail) => mail.to.includes(email) && mail.subject.includes('ロック'))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const mailbox = await server.mails()
    const lockMails = mailbox.filter(
      (mail) => mail.to.includes(email) && mail.subject.includes('ロック')
    )
    assert.lengthOf(lockMails, 1)
  })

  test('thirty parallel wrong passwords lock a staff account; the right one is refused', async ({
    assert,
  }) => {
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        attempt(server, i + 50, 'staff', 'clerk', `wrong guess ${i}`)
      )
    )
    const kinds = answers.map((answer) => kind(answer.message))
    assert.equal(kinds.filter((k) => k === 'wrong').length, ACCOUNT_LOCK.consecutiveFailures - 1)

    const right = await attempt(server, 201, 'staff', 'clerk', DEMO_STAFF_PASSWORD)
    assert.equal(right.location, route('staff.login.show'))
    assert.include(String(right.message), LOCKED)
  })

  test('an unknown e-mail gets the same answers as an existing one', async ({ assert }) => {
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        attempt(server, i + 100, 'member', 'nobody@example.jp', `wrong guess ${i}`)
      )
    )
    const kinds = answers.map((answer) => kind(answer.message))
    assert.equal(kinds.filter((k) => k === 'wrong').length, ACCOUNT_LOCK.consecutiveFailures - 1)
    assert.equal(
      kinds.filter((k) => k === 'locked').length,
      PARALLEL - ACCOUNT_LOCK.consecutiveFailures + 1
    )
    const after = await attempt(server, 202, 'member', 'nobody@example.jp', DEMO_MEMBER_PASSWORD)
    assert.equal(after.location, route('public.login.show'))
    assert.include(String(after.message), LOCKED)
  })
})
