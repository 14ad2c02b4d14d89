import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { initialPasswordMatches } from '#domain/auth/initial_passwords'
import { consumeReveal } from '#domain/desk/phone_desk'
import { asVerifiedStaff } from '#tests/helpers/phone_desk'
import { route } from '#tests/helpers/routes'

/*
 * SPEC: "Reveals are rate-limited per operator" — 30 an hour (README, phone desk). Every action
 * that shows or sends a member's secret counts against the same 30 and is refused past them:
 * the registered e-mail, the initial password, its re-issue and the reset guidance. The number is
 * a literal here on purpose.
 */

const reason = { reason: 'lost_letter', note: '案内状を紛失' }
const LIMIT_MESSAGE = '表示の上限（1時間に30回）に達しました'
const INITIAL = 'K7P2M9QX'

type DeskAction = 'email' | 'initial_password' | 'reissue' | 'reset_mail'

async function members() {
  const { member: registered } = await createRegisteredMember({ email: 'desk-limit@example.jp' })
  const { member: unregistered } = await createUnregisteredMember({ initialPassword: INITIAL })
  return { registered, unregistered }
}

function targetOf(action: DeskAction, people: Awaited<ReturnType<typeof members>>) {
  return action === 'email' || action === 'reset_mail' ? people.registered : people.unregistered
}

function deskPost(client: ApiClient, operator: StaffUser, action: DeskAction, memberId: number) {
  return asVerifiedStaff(
    client.post(route(`staff.phone_desk.${action}`, { id: memberId })),
    operator,
    memberId
  )
    .form(reason)
    .withCsrfToken()
    .redirects(0)
}

async function wasRefused(response: Awaited<ReturnType<typeof deskPost>>) {
  const error = String(response.flashMessage('error') ?? '')
  return response.status() === 302 && error.includes(LIMIT_MESSAGE)
}

/** Reveals counted earlier in the hour (through the desk's own counter, as the actions count). */
async function revealsAlreadyMade(operator: StaffUser, count: number) {
  for (let reveal = 1; reveal <= count; reveal++) {
    if ((await consumeReveal(operator.id)) !== null) throw new Error(`reveal ${reveal} refused`)
  }
}

test.group('Phone desk: 30 reveals per operator and hour, on every action', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('{action} counts as a reveal and is refused past 30 an hour')
    .with<{ action: DeskAction }[]>([
      { action: 'email' },
      { action: 'initial_password' },
      { action: 'reissue' },
      { action: 'reset_mail' },
    ])
    .run(async ({ client, assert }, { action }) => {
      const { mails } = mail.fake()
      const people = await members()
      const operator = await StaffUserFactory.apply('operator').create()
      const target = targetOf(action, people)

      await revealsAlreadyMade(operator, 29)
      const thirtieth = await deskPost(client, operator, action, target.id)
      assert.isFalse(await wasRefused(thirtieth), `${action} as the 30th reveal`)
      assert.notEqual(thirtieth.status(), 500)

      // The action counted: a 31st reveal of another kind is refused ...
      const afterIt = await deskPost(client, operator, 'email', people.registered.id)
      assert.isTrue(await wasRefused(afterIt), 'the 31st reveal (e-mail)')
      // ... and so is the action itself, changing nothing.
      const mailsBefore = mails.sent().length
      const refused = await deskPost(client, operator, action, target.id)
      assert.isTrue(await wasRefused(refused), `${action} as the 31st reveal`)
      refused.assertHeader('location', route('staff.phone_desk.show', { id: target.id }))
      assert.lengthOf(mails.sent(), mailsBefore, 'nothing mailed when refused')
      const limited = await AuditLog.query()
        .where('action', 'staff.phone_desk.rate_limited')
        .where('staff_user_id', operator.id)
      assert.isAtLeast(limited.length, 2)
      assert.isTrue(limited.every((entry) => entry.outcome === 'failure'))

      // Another operator is not held back by this one's reveals.
      const colleague = await StaffUserFactory.apply('operator').create()
      const theirs = await deskPost(client, colleague, 'email', people.registered.id)
      assert.isFalse(await wasRefused(theirs))
    })

  test('over HTTP: 30 reveals in an hour are shown, the 31st is refused', async ({
    client,
    assert,
  }) => {
    const people = await members()
    const operator = await StaffUserFactory.apply('operator').create()
    for (let reveal = 1; reveal <= 30; reveal++) {
      const shown = await deskPost(client, operator, 'email', people.registered.id)
      assert.isFalse(await wasRefused(shown), `reveal ${reveal} of 30`)
    }
    const refused = await deskPost(client, operator, 'email', people.registered.id)
    assert.isTrue(await wasRefused(refused), 'the 31st reveal')
  }).timeout(120_000)

  test('a refused re-issue keeps the initial password the member holds', async ({
    client,
    assert,
  }) => {
    const people = await members()
    const operator = await StaffUserFactory.apply('operator').create()
    await revealsAlreadyMade(operator, 30)
    const refused = await deskPost(client, operator, 'reissue', people.unregistered.id)
    assert.isTrue(await wasRefused(refused))
    assert.isTrue(await initialPasswordMatches(people.unregistered.id, INITIAL))
  })
})
