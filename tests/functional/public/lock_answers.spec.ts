import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient } from '@japa/api-client'
import AccountLockedMail from '#mails/account_locked_mail'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { attemptMemberLogin } from '#domain/auth/member_authentication'
import { attemptStaffLogin } from '#domain/auth/staff_authentication'
import { loginRefusalMessage } from '#presenters/common/login_refusal'
import type { LoginResult } from '#domain/auth/password_login'
import { route } from '#tests/helpers/routes'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'

/*
 * Issue 9, defect 6: the lock must not tell which log-in ids exist. An existing and an
 * unknown id get the same answers for every failure, the lock included; only the member gets
 * the lock mail.
 */
const PASSWORD = 'the right one 2026'

/** From another address each, so that only the account's own counter decides. */
const origin = (i: number) => ({ ip: `10.88.0.${i + 1}`, userAgent: 'test' })

function answer(result: LoginResult<unknown>, area: 'member' | 'staff') {
  return result.ok ? 'ok' : loginRefusalMessage(result, area)
}

/** What the browser gets for a form post: status, where it goes, the message shown there. */
async function posted(client: ApiClient, url: string, form: Record<string, string>) {
  const response = await client.post(url).form(form).withCsrfToken().redirects(0)
  return {
    status: response.status(),
    location: response.header('location'),
    error: response.flashMessage('error'),
  }
}

test.group('Log-in answers do not tell which ids exist', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('members: ten failures on an existing and on an unknown e-mail give the same answers', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { mails } = mail.fake()
    cleanup(() => mail.restore())
    await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'exists@example.jp', password: PASSWORD })
    ).create()

    const answers = { existing: [] as string[], unknown: [] as string[] }
    for (let i = 0; i < ACCOUNT_LOCK.consecutiveFailures - 1; i++) {
      for (const [kind, email] of [
        ['existing', 'exists@example.jp'],
        ['unknown', 'nobody@example.jp'],
      ] as const) {
        const result = await attemptMemberLogin({
          email,
          password: `guess ${i}`,
          origin: origin(i),
        })
        answers[kind].push(answer(result, 'member'))
      }
    }
    assert.deepEqual(answers.existing, answers.unknown)

    // The tenth failure and then the right password, through the log-in form.
    const tenth = {
      existing: await posted(client, route('public.login.store'), {
        email: 'exists@example.jp',
        password: 'guess 9',
      }),
      unknown: await posted(client, route('public.login.store'), {
        email: 'nobody@example.jp',
        password: 'guess 9',
      }),
    }
    assert.deepEqual(tenth.existing, tenth.unknown)
    assert.include(tenth.existing.error, 'アカウントを一時的にロックしています')

    const after = {
      existing: await posted(client, route('public.login.store'), {
        email: 'exists@example.jp',
        password: PASSWORD,
      }),
      unknown: await posted(client, route('public.login.store'), {
        email: 'nobody@example.jp',
        password: PASSWORD,
      }),
    }
    assert.deepEqual(after.existing, after.unknown)
    assert.deepEqual(after.existing, tenth.existing)

    // The real member is told by mail; nobody is mailed for the unknown address.
    assert.lengthOf(
      mails.sent((message) => message instanceof AccountLockedMail),
      1
    )
  })

  test('staff: ten failures on an existing and on an unknown id give the same answers', async ({
    client,
    assert,
  }) => {
    await StaffUserFactory.merge({ loginId: 'exists1', password: PASSWORD }).create()

    const answers = { existing: [] as string[], unknown: [] as string[] }
    for (let i = 0; i < ACCOUNT_LOCK.consecutiveFailures - 1; i++) {
      for (const [kind, loginId] of [
        ['existing', 'exists1'],
        ['unknown', 'nobody1'],
      ] as const) {
        const result = await attemptStaffLogin({
          loginId,
          password: `guess ${i}`,
          origin: origin(i),
        })
        answers[kind].push(answer(result, 'staff'))
      }
    }
    assert.deepEqual(answers.existing, answers.unknown)

    const tenth = {
      existing: await posted(client, route('staff.login.store'), {
        loginId: 'exists1',
        password: 'guess 9',
      }),
      unknown: await posted(client, route('staff.login.store'), {
        loginId: 'nobody1',
        password: 'guess 9',
      }),
    }
    assert.deepEqual(tenth.existing, tenth.unknown)
    assert.include(tenth.existing.error, 'アカウントを一時的にロックしています')

    const after = {
      existing: await posted(client, route('staff.login.store'), {
        loginId: 'exists1',
        password: PASSWORD,
      }),
      unknown: await posted(client, route('staff.login.store'), {
        loginId: 'nobody1',
        password: PASSWORD,
      }),
    }
    assert.deepEqual(after.existing, after.unknown)
  })
})
