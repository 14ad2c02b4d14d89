import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { initialPasswordMatches } from '#domain/auth/initial_passwords'
import {
  REVEALS_PER_HOUR,
  deskMemberById,
  rememberVerification,
  verificationFor,
  type DeskActionInput,
  type SessionLike,
} from '#domain/desk/phone_desk'
import {
  FAILED_CHECKS_ALLOWED,
  FAILED_CHECKS_BLOCK_MINUTES,
  checkCallerIdentity,
} from '#domain/desk/check_caller_identity'
import { revealInitialPassword } from '#domain/desk/reveal_initial_password'
import { reissueInitialPassword } from '#domain/desk/reissue_initial_password'
import { unblockAccountAtDesk } from '#domain/desk/unblock_account_at_desk'
import { readCallerMailHistory } from '#domain/desk/read_caller_mail_history'
import { identityCheckNotice, initialPasswordRevealNotice } from '#presenters/staff/phone_desk'

/** The operator's session as the desk rules use it (a plain store of values). */
function fakeSession(): SessionLike & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>()
  return {
    values,
    get: (key) => values.get(key),
    put: (key, value) => void values.set(key, value),
    forget: (key) => void values.delete(key),
  }
}

const origin = { ip: '192.0.2.1', userAgent: null }
const reason = { reason: 'lost_letter' as const, note: undefined }

async function deskInput(memberId: number, options: { verified?: boolean } = {}) {
  const staff = await StaffUserFactory.apply('operator').create()
  const member = await deskMemberById(memberId)
  const session = fakeSession()
  if (options.verified !== false) {
    rememberVerification(session, member.id, ['memberNumber', 'birthDate', 'phone'])
  }
  return { staffUserId: staff.id, member, session, reason, origin } satisfies DeskActionInput
}

test.group('Phone desk actions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('an unlocked action needs a verification of this member within the window', async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember({ initialPassword: 'K7P2M9QX' })
    const other = await createUnregisteredMember()

    const unverified = await deskInput(member.id, { verified: false })
    assert.deepEqual(await revealInitialPassword(unverified), { status: 'unverified' })

    const forOther = await deskInput(member.id, { verified: false })
    rememberVerification(forOther.session, other.member.id, ['name', 'birthDate', 'phone'])
    assert.deepEqual(await revealInitialPassword(forOther), { status: 'unverified' })

    const expired = await deskInput(member.id, { verified: false })
    rememberVerification(
      expired.session,
      member.id,
      ['name', 'birthDate', 'phone'],
      DateTime.utc().minus({ minutes: 11 })
    )
    assert.deepEqual(await revealInitialPassword(expired), { status: 'unverified' })
    assert.isFalse(expired.session.values.has('phone_desk_verification'), 'expired: forgotten')
    assert.notExists(await AuditLog.findBy('action', 'staff.phone_desk.reveal_initial_password'))
  })

  test('the initial password: shown to a verified caller, audited with the reason only', async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember({ initialPassword: 'K7P2M9QX' })
    const input = await deskInput(member.id)
    const outcome = await revealInitialPassword(input)
    assert.equal(outcome.status, 'revealed')
    assert.equal(outcome.status === 'revealed' && outcome.grouped, 'K7P2-M9QX')
    const entry = await AuditLog.findByOrFail('action', 'staff.phone_desk.reveal_initial_password')
    assert.equal(entry.staffUserId, input.staffUserId)
    assert.deepEqual(JSON.parse(entry.detailsJson!), {
      matched: ['memberNumber', 'birthDate', 'phone'],
      reason: 'lost_letter',
      note: null,
    })
  })

  test('a registered member: refused without counting a reveal', async ({ assert }) => {
    const { member } = await createRegisteredMember()
    const input = await deskInput(member.id)
    await limiter
      .use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
      .set(`phone-desk-reveal:${input.staffUserId}`, REVEALS_PER_HOUR - 1, '1 hour')
    assert.deepEqual(await revealInitialPassword(input), { status: 'registered' })
    const remaining = await limiter
      .use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
      .remaining(`phone-desk-reveal:${input.staffUserId}`)
    assert.equal(remaining, 1)
  })

  test(`past ${REVEALS_PER_HOUR} reveals an hour: refused, audited, and told with that number`, async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember()
    const input = await deskInput(member.id)
    await limiter
      .use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
      .set(`phone-desk-reveal:${input.staffUserId}`, REVEALS_PER_HOUR, '1 hour')
    const outcome = await revealInitialPassword(input)
    assert.equal(outcome.status, 'reveal_limit')
    if (outcome.status !== 'reveal_limit') return
    assert.isAbove(outcome.retryAfterSeconds, 0)
    const entry = await AuditLog.findByOrFail('action', 'staff.phone_desk.rate_limited')
    assert.equal(entry.outcome, 'failure')
    const notice = initialPasswordRevealNotice({ status: 'reveal_limit', retryAfterSeconds: 90 })
    assert.equal(notice.type, 'error')
    assert.include(
      notice.message,
      `表示の上限（1時間に${REVEALS_PER_HOUR}回）に達しました。約2分後`
    )
  })

  test('re-issue: the new initial password is on the letter, issued and audited', async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember({ initialPassword: 'K7P2M9QX' })
    const input = await deskInput(member.id)
    const outcome = await reissueInitialPassword(input)
    assert.equal(outcome.status, 'reissued')
    if (outcome.status !== 'reissued') return
    assert.equal(outcome.letter.memberNumber, member.memberNumber)
    assert.isTrue(await initialPasswordMatches(member.id, outcome.letter.initialPassword))
    assert.isFalse(await initialPasswordMatches(member.id, 'K7P2M9QX'))
    const entry = await AuditLog.findByOrFail('action', 'staff.phone_desk.reissue_initial_password')
    assert.notInclude(entry.detailsJson!, outcome.letter.initialPassword)
  })

  test('unblock: only a locked account, unlocked and audited together', async ({ assert }) => {
    const { member, account } = await createRegisteredMember()
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    await account.save()
    const input = await deskInput(member.id)
    assert.deepEqual(await unblockAccountAtDesk(input), { status: 'unblocked' })
    await account.refresh()
    assert.isNull(account.lockedUntil)
    const again = await deskInput(member.id)
    assert.deepEqual(await unblockAccountAtDesk(again), { status: 'not_locked' })
    assert.lengthOf(await AuditLog.query().where('action', 'staff.phone_desk.unblock'), 1)
  })

  test('the mail history is read, and audited, only for a verified caller', async ({ assert }) => {
    const { member } = await createRegisteredMember()
    const unverified = await deskInput(member.id, { verified: false })
    assert.deepEqual(await readCallerMailHistory(unverified), { status: 'unverified' })
    assert.notExists(await AuditLog.findBy('action', 'staff.phone_desk.mail_history'))
    const verified = await deskInput(member.id)
    const history = await readCallerMailHistory(verified)
    assert.equal(history.status, 'read')
    assert.exists(await AuditLog.findBy('action', 'staff.phone_desk.mail_history'))
  })
})

test.group('Phone desk actions: the identity check', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('a verified caller is remembered in the session, for this member only', async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember({
      member: { birthDate: DateTime.fromISO('1980-04-01'), phone: '0776998877' },
    })
    const input = await deskInput(member.id, { verified: false })
    const outcome = await checkCallerIdentity({
      ...input,
      stated: { memberNumber: member.memberNumber, birthDate: 'S55.4.1', phone: '0776-99-8877' },
    })
    assert.equal(outcome.status, 'verified')
    assert.equal(verificationFor(input.session, member.id)?.memberId, member.id)
    assert.isNull(verificationFor(input.session, member.id + 1))
    assert.equal(identityCheckNotice(outcome).type, 'success')
  })

  test(`after ${FAILED_CHECKS_ALLOWED} failed checks the member's checks are blocked`, async ({
    assert,
  }) => {
    const { member } = await createUnregisteredMember({
      member: { birthDate: DateTime.fromISO('1980-04-01'), phone: '0776998877' },
    })
    const input = await deskInput(member.id, { verified: false })
    const check = (birthDate: string) =>
      checkCallerIdentity({
        ...input,
        stated: { memberNumber: member.memberNumber, birthDate, phone: '0776998877' },
      })
    for (let day = 2; day < 2 + FAILED_CHECKS_ALLOWED; day++) {
      const failed = await check(`1980/4/${day}`)
      assert.equal(failed.status, 'not_verified')
    }
    const blocked = await check('1980/4/1')
    assert.deepEqual(blocked, { status: 'blocked' })
    assert.isNull(verificationFor(input.session, member.id))
    assert.include(
      identityCheckNotice(blocked).message,
      `照合の失敗が${FAILED_CHECKS_ALLOWED}回続いたため、この組合員の本人確認は${FAILED_CHECKS_BLOCK_MINUTES}分間できません`
    )
  })
})
