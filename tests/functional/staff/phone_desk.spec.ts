import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { initialPasswordMatches } from '#domain/auth/initial_passwords'
import { REVEALS_PER_HOUR } from '#domain/desk/phone_desk'
import { fieldError } from '#tests/helpers/validation'
import { asStaff } from '#tests/helpers/sessions'
import { asVerifiedStaff } from '#tests/helpers/phone_desk'
import { captureLogLines } from '#tests/helpers/log_capture'
import { pdfText, printedInitialPassword } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type {
  DeskMemberProps,
  DeskRevealProps,
  DeskSearchProps,
} from '#presenters/staff/phone_desk'
import { route } from '#tests/helpers/routes'

const INITIAL = 'K7P2M9QX'

async function caller() {
  const { member } = await createUnregisteredMember({
    initialPassword: INITIAL,
    member: {
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      birthDate: DateTime.fromISO('1980-04-01'),
      phone: '0776998877',
      postalCode: '9100001',
    },
  })
  return member
}

const reason = { reason: 'lost_letter', note: '案内状を紛失' }

test.group('Phone desk: search and identity check', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('finds the caller by kana typed in hiragana, without showing personal data', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.get(route('staff.phone_desk.index')).qs({ q: 'やまだ　はなこ' }),
      operator
    ).withInertia()
    response.assertInertiaComponent('staff/phone_desk/index')
    const props = inertiaProps<DeskSearchProps>(response)
    assert.equal(props.members.length, 1)
    assert.equal(props.members[0].memberNumber, member.memberNumber)
    const json = JSON.stringify(props)
    for (const stored of ['1980', '0776998877', '9100001']) assert.notInclude(json, stored)
  })

  test('the member page shows no stored value and no action before verification', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.get(route('staff.phone_desk.show', { id: member.id })),
      operator
    ).withInertia()
    response.assertInertiaComponent('staff/phone_desk/member')
    assert.isTrue(response.body().clearHistory, 'earlier reveals cannot come back through Back')
    const props = inertiaProps<DeskMemberProps>(response)
    assert.isNull(props.verification)
    const json = JSON.stringify(props)
    for (const stored of ['1980', '0776998877', '9100001', INITIAL, 'K7P2-M9QX']) {
      assert.notInclude(json, stored)
    }
  })

  test('number + birth date + phone unlock the actions for this member only', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.post(route('staff.phone_desk.verify', { id: member.id })),
      operator
    )
      .form({
        memberNumber: member.memberNumber,
        birthDate: 'S55.4.1',
        phone: '0776-99-8877',
        postalCode: '999-9999',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
    const verification = response.session('phone_desk_verification')
    assert.equal(verification.memberId, member.id)
    assert.sameMembers(verification.matched, ['memberNumber', 'birthDate', 'phone'])
    assert.deepEqual(response.flashMessage('identityCheck'), {
      memberNumber: 'matched',
      name: 'not_given',
      birthDate: 'matched',
      phone: 'matched',
      postalCode: 'unmatched',
      affiliation: 'not_given',
    })

    const entry = await AuditLog.query().where('action', 'staff.phone_desk.verify').firstOrFail()
    assert.equal(entry.outcome, 'success')
    assert.equal(entry.staffUserId, operator.id)
    assert.equal(entry.memberId, member.id)
    assert.isNotNull(entry.ip)
    const details = JSON.parse(entry.detailsJson!)
    assert.sameMembers(details.matched, ['memberNumber', 'birthDate', 'phone'])
    assert.deepEqual(details.unmatched, ['postalCode'])
    assert.notInclude(entry.detailsJson!, '1980')
  })

  test('a failed verification is refused, audited and unlocks nothing', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.post(route('staff.phone_desk.verify', { id: member.id })),
      operator
    )
      .form({ name: 'やまだはなこ', birthDate: '1980/4/2', phone: '0776998877' })
      .withCsrfToken()
      .redirects(0)
    response.assertSessionMissing('phone_desk_verification')
    assert.include(response.flashMessage('error'), '本人確認ができませんでした')
    const entry = await AuditLog.query().where('action', 'staff.phone_desk.verify').firstOrFail()
    assert.equal(entry.outcome, 'failure')
    assert.deepEqual(JSON.parse(entry.detailsJson!).unmatched, ['birthDate'])
  })

  test('name + birth date alone are not enough', async ({ client }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.post(route('staff.phone_desk.verify', { id: member.id })),
      operator
    )
      .form({ name: '山田花子', birthDate: '1980/4/1' })
      .withCsrfToken()
      .redirects(0)
    response.assertSessionMissing('phone_desk_verification')
  })

  test('ending the call forgets the verification', async ({ client }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.end')),
      operator,
      member.id
    )
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.phone_desk.index'))
    response.assertSessionMissing('phone_desk_verification')
  })
})

test.group('Phone desk: unlocked actions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('shows the initial password grouped for reading, uncached, audited without it', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.initial_password', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('staff/phone_desk/reveal')
    assert.equal(inertiaProps<DeskRevealProps>(response).value, 'K7P2-M9QX')
    assert.equal(inertiaProps<DeskRevealProps>(response).visibleSeconds, 60)
    assert.include(response.header('cache-control'), 'no-store')
    assert.isTrue(response.body().encryptHistory, 'kept in the browser history only encrypted')

    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.reveal_initial_password')
      .firstOrFail()
    assert.equal(entry.staffUserId, operator.id)
    assert.equal(entry.memberId, member.id)
    const details = JSON.parse(entry.detailsJson!)
    assert.deepEqual(details.matched, ['memberNumber', 'birthDate', 'phone'])
    assert.equal(details.reason, 'lost_letter')
  })

  test('no audit entry and no log line ever contains the initial password', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    let reissuedPdf: Buffer | null = null
    const lines = await captureLogLines(async () => {
      await asVerifiedStaff(
        client.post(route('staff.phone_desk.initial_password', { id: member.id })),
        operator,
        member.id
      )
        .form(reason)
        .withCsrfToken()
        .withInertia()
      const reissue = await asVerifiedStaff(
        client.post(route('staff.phone_desk.reissue', { id: member.id })),
        operator,
        member.id
      )
        .form(reason)
        .withCsrfToken()
      reissuedPdf = reissue.response.body as Buffer
    })
    // The capture works: the reveal itself is logged (who and which member, nothing else).
    assert.isTrue(lines.some((line) => line.includes('initial password shown')))
    assert.isTrue(lines.some((line) => line.includes('initial password re-issued')))
    const letter = await pdfText(reissuedPdf!)
    const newPassword = printedInitialPassword(letter)

    const entries = await AuditLog.query().where('member_id', member.id)
    assert.isAbove(entries.length, 1)
    for (const secret of [INITIAL, 'K7P2-M9QX', newPassword, newPassword.replace('-', '')]) {
      for (const line of lines) assert.notInclude(line, secret)
      for (const entry of entries) assert.notInclude(JSON.stringify(entry.serialize()), secret)
    }
  })

  test('after registration the initial password is refused: password reset instead', async ({
    client,
    assert,
  }) => {
    const { member } = await createRegisteredMember()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.initial_password', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
    assert.include(response.flashMessage('error'), 'パスワードをお忘れの方')
    assert.isNull(
      await AuditLog.query().where('action', 'staff.phone_desk.reveal_initial_password').first()
    )
  })

  test('shows the registered e-mail of a registered member only', async ({ client, assert }) => {
    const { member } = await createRegisteredMember({ email: 'hanako.desk@example.jp' })
    const unregistered = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.email', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .withInertia()
    response.assertInertiaComponent('staff/phone_desk/reveal')
    assert.equal(inertiaProps<DeskRevealProps>(response).value, 'hanako.desk@example.jp')
    assert.include(response.header('cache-control'), 'no-store')
    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.reveal_email')
      .firstOrFail()
    assert.notInclude(entry.detailsJson!, 'hanako.desk')

    const refused = await asVerifiedStaff(
      client.post(route('staff.phone_desk.email', { id: unregistered.id })),
      operator,
      unregistered.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    assert.include(refused.flashMessage('error'), 'まだログイン登録をしていない')
  })

  test('re-issue: the old password stops working and the letter carries the new one', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.reissue', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
    response.assertStatus(200)
    response.assertHeader('content-type', 'application/pdf')
    assert.include(response.header('cache-control'), 'no-store')
    const text = await pdfText(response.response.body as Buffer)
    assert.include(text, 'ログイン登録のご案内')
    assert.include(text, member.memberNumber)
    assert.include(text, route('public.register.show'))
    const grouped = printedInitialPassword(text)
    assert.isFalse(await initialPasswordMatches(member.id, INITIAL))
    assert.isTrue(await initialPasswordMatches(member.id, grouped))
    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.reissue_initial_password')
      .firstOrFail()
    assert.equal(JSON.parse(entry.detailsJson!).reason, 'lost_letter')
  })

  test('re-issue is refused for a registered member', async ({ client, assert }) => {
    const { member } = await createRegisteredMember()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.reissue', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('error'), '再発行できません')
  })

  test('unblocks a locked account', async ({ client, assert }) => {
    const { member, account } = await createRegisteredMember()
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    await account.save()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(route('staff.phone_desk.unblock', { id: member.id })),
      operator,
      member.id
    )
      .form({ reason: 'locked' })
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('success'), 'ロックを解除しました')
    await account.refresh()
    assert.isNull(account.lockedUntil)
    assert.exists(await AuditLog.query().where('action', 'staff.phone_desk.unblock').first())

    const again = await asVerifiedStaff(
      client.post(route('staff.phone_desk.unblock', { id: member.id })),
      operator,
      member.id
    )
      .form({ reason: 'locked' })
      .withCsrfToken()
      .redirects(0)
    assert.include(again.flashMessage('error'), 'ロックされていません')
  })

  test('resends the registration mail of a pending registration, audited without the link', async ({
    client,
    assert,
  }) => {
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const { startRegistration } = await import('#domain/members/registration')
    const { mails } = mail.fake()
    try {
      await startRegistration({
        accountId: account.id,
        email: 'waiting@example.jp',
        password: 'blue umbrella on sunday',
        origin: { ip: '127.0.0.1', userAgent: null },
      })
      const { url: firstLink } = await lastSent(mails, RegistrationConfirmMail)
      const operator = await StaffUserFactory.apply('operator').create()

      const response = await asVerifiedStaff(
        client.post(route('staff.phone_desk.registration_mail', { id: member.id })),
        operator,
        member.id
      )
        .form({ reason: 'lost_letter' })
        .withCsrfToken()
        .redirects(0)

      assert.include(response.flashMessage('success'), '確認メールを再送しました')
      const fresh = await lastSent(mails, RegistrationConfirmMail)
      assert.equal(fresh.recipient, 'waiting@example.jp')
      assert.notEqual(fresh.url, firstLink)
      const entry = await AuditLog.query()
        .where('action', 'staff.phone_desk.resend_registration_mail')
        .firstOrFail()
      assert.equal(entry.staffUserId, operator.id)
      assert.notInclude(JSON.stringify(entry.serialize()), pathOf(fresh.url).split('/').pop()!)
    } finally {
      mail.restore()
    }
  })

  test('a member without a pending registration gets no mail and the operator is told why', async ({
    client,
    assert,
  }) => {
    const { member } = await createRegisteredMember()
    const operator = await StaffUserFactory.apply('operator').create()
    const { mails } = mail.fake()
    try {
      const response = await asVerifiedStaff(
        client.post(route('staff.phone_desk.registration_mail', { id: member.id })),
        operator,
        member.id
      )
        .form({ reason: 'lost_letter' })
        .withCsrfToken()
        .redirects(0)
      assert.include(response.flashMessage('error'), '確認待ちのログイン登録がありません')
      mails.assertNoneSent()
      assert.notExists(
        await AuditLog.query().where('action', 'staff.phone_desk.resend_registration_mail').first()
      )
    } finally {
      mail.restore()
    }
  })

  test('every action needs a current verification of this very member', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const other = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const attempts = [
      asStaff(client.post(route('staff.phone_desk.initial_password', { id: member.id })), operator),
      asVerifiedStaff(
        client.post(route('staff.phone_desk.initial_password', { id: member.id })),
        operator,
        other.id
      ),
      asVerifiedStaff(
        client.post(route('staff.phone_desk.initial_password', { id: member.id })),
        operator,
        member.id,
        { verifiedAt: DateTime.utc().minus({ minutes: 11 }) }
      ),
    ]
    for (const attempt of attempts) {
      const response = await attempt.form(reason).withCsrfToken().redirects(0)
      response.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
      assert.include(response.flashMessage('error'), 'もう一度本人確認をしてください')
    }
    assert.isNull(
      await AuditLog.query().where('action', 'staff.phone_desk.reveal_initial_password').first()
    )
  })

  test('a reason from the list is required', async ({ client, assert }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const url = route('staff.phone_desk.initial_password', { id: member.id })
    for (const form of [{}, { reason: 'curious' }]) {
      const response = await asVerifiedStaff(client.post(url), operator, member.id)
        .form(form)
        .withCsrfToken()
        .header('referer', route('staff.phone_desk.show', { id: member.id }))
        .redirects(0)
      response.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
      assert.match(fieldError(response, 'reason'), /理由を/)
    }
    assert.isNull(
      await AuditLog.query().where('action', 'staff.phone_desk.reveal_initial_password').first()
    )
  })

  test(`reveals are limited to ${REVEALS_PER_HOUR} per operator and hour`, async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const colleague = await StaffUserFactory.apply('operator').create()
    await limiter
      .use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
      .set(`phone-desk-reveal:${operator.id}`, REVEALS_PER_HOUR - 1, '1 hour')
    const url = route('staff.phone_desk.initial_password', { id: member.id })

    const last = await asVerifiedStaff(client.post(url), operator, member.id)
      .form(reason)
      .withCsrfToken()
      .withInertia()
    last.assertInertiaComponent('staff/phone_desk/reveal')

    const refused = await asVerifiedStaff(client.post(url), operator, member.id)
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    refused.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
    assert.include(
      refused.flashMessage('error'),
      `表示の上限（1時間に${REVEALS_PER_HOUR}回）に達しました`
    )
    const limited = await AuditLog.query()
      .where('action', 'staff.phone_desk.rate_limited')
      .firstOrFail()
    assert.equal(limited.outcome, 'failure')

    const other = await asVerifiedStaff(client.post(url), colleague, member.id)
      .form(reason)
      .withCsrfToken()
      .withInertia()
    other.assertInertiaComponent('staff/phone_desk/reveal')
  })

  test('reloading a reveal URL shows nothing and returns to the desk', async ({ client }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.get(
        route('staff.phone_desk.reveal_again', { id: member.id, reveal: 'initial-password' })
      ),
      operator,
      member.id
    ).redirects(0)
    response.assertHeader('location', route('staff.phone_desk.show', { id: member.id }))
  })
})

test.group('Phone desk: repeated failed checks', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('five failed checks of one member block further checks of that member', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const other = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const verify = (memberId: number, birthDate: string) =>
      asStaff(client.post(route('staff.phone_desk.verify', { id: memberId })), operator)
        .form({ memberNumber: member.memberNumber, birthDate, phone: '0776998877' })
        .withCsrfToken()
        .redirects(0)

    for (let day = 2; day <= 6; day++) {
      const response = await verify(member.id, `1980/4/${day}`)
      assert.include(response.flashMessage('error'), '本人確認ができませんでした')
    }
    const blocked = await verify(member.id, '1980/4/1')
    blocked.assertSessionMissing('phone_desk_verification')
    assert.include(blocked.flashMessage('error'), '照合の失敗が5回続いたため')
    assert.lengthOf(await AuditLog.query().where('action', 'staff.phone_desk.verify'), 5)

    // Another member (and another operator) are not affected.
    const otherResponse = await asStaff(
      client.post(route('staff.phone_desk.verify', { id: other.id })),
      operator
    )
      .form({ memberNumber: other.memberNumber, birthDate: '1980/4/1', phone: '0776998877' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(otherResponse.session('phone_desk_verification').memberId, other.id)
  })

  test('ten simultaneous failed checks: only five are compared, the rest are refused', async ({
    client,
    assert,
  }) => {
    const member = await caller()
    const operator = await StaffUserFactory.apply('operator').create()
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        asStaff(client.post(route('staff.phone_desk.verify', { id: member.id })), operator)
          .form({ memberNumber: member.memberNumber, birthDate: `1980/5/${i + 1}` })
          .withCsrfToken()
          .redirects(0)
      )
    )
    // Each comparison is audited; a refused check is not compared.
    assert.lengthOf(await AuditLog.query().where('action', 'staff.phone_desk.verify'), 5)
    assert.lengthOf(
      responses.filter((response) =>
        String(response.flashMessage('error')).includes('照合の失敗が5回続いたため')
      ),
      5
    )
  })
})
