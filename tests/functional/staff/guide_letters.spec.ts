import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import InitialPassword from '#models/initial_password'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { issueInitialPassword } from '#domain/auth/initial_passwords'
import { todayInJapan } from '#domain/common/clock'
import env from '#start/env'
import { asStaff } from '#tests/helpers/sessions'
import { pdfPageCount, pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type { GuideLettersProps } from '#presenters/staff/guide_letters'
import { route } from '#tests/helpers/routes'

test.group('Guide letters in a batch', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('one A4 page per unregistered member issued a password in the range; audited', async ({
    client,
    assert,
  }) => {
    const first = await createUnregisteredMember({
      initialPassword: 'K7P2M9QX',
      member: { name: '髙橋 﨑子', nameKana: 'タカハシ サキコ' },
    })
    const second = await createUnregisteredMember({ initialPassword: 'ABCD2345' })
    const old = await createUnregisteredMember({ initialPassword: 'OLDP4SS2' })
    await InitialPassword.query()
      .where('member_id', old.member.id)
      .update({ issued_at: DateTime.utc().minus({ days: 30 }).toSQL({ includeOffset: false }) })
    await createRegisteredMember()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const today = todayInJapan()

    const preview = await asStaff(
      client
        .get(route('staff.guide_letters.index'))
        .qs({ from: today.toISODate()!, to: today.toISODate()! }),
      clerk
    ).withInertia()
    preview.assertInertiaComponent('staff/guide_letters/index')
    assert.equal(inertiaProps<GuideLettersProps>(preview).count, 2)

    const response = await asStaff(client.post(route('staff.guide_letters.download')), clerk)
      .form({ from: today.minus({ days: 1 }).toFormat('yyyy/M/d'), to: today.toISODate()! })
      .withCsrfToken()
    response.assertStatus(200)
    response.assertHeader('content-type', 'application/pdf')
    assert.include(response.header('cache-control'), 'no-store')
    const bytes = response.response.body as Buffer
    assert.equal(await pdfPageCount(bytes), 2)
    const text = await pdfText(bytes)
    assert.include(text, 'ログイン登録のご案内')
    assert.include(text, '髙橋 﨑子 様')
    assert.include(text, first.member.memberNumber)
    assert.include(text, 'K7P2-M9QX')
    assert.include(text, second.member.memberNumber)
    assert.include(text, 'ABCD-2345')
    assert.include(text, `${env.get('APP_URL')}${route('public.register.show')}`)
    assert.include(text, '0776-23-1889')
    assert.notInclude(text, 'OLDP-4SS2')

    const entry = await AuditLog.query().where('action', 'staff.guide_letters.print').firstOrFail()
    const details = JSON.parse(entry.detailsJson!)
    assert.equal(details.count, 2)
    assert.equal(details.to, today.toISODate())
    for (const secret of ['K7P2', 'ABCD2345', 'ABCD-2345']) {
      assert.notInclude(entry.detailsJson!, secret)
    }
  })

  test('a re-issued password replaces the old one in the letters', async ({ client, assert }) => {
    const { member } = await createUnregisteredMember({ initialPassword: 'K7P2M9QX' })
    await issueInitialPassword(member.id, { value: 'NEWP4SS2' })
    const clerk = await StaffUserFactory.apply('clerk').create()
    const today = todayInJapan().toISODate()!
    const response = await asStaff(client.post(route('staff.guide_letters.download')), clerk)
      .form({ from: today, to: today })
      .withCsrfToken()
    const text = await pdfText(response.response.body as Buffer)
    assert.include(text, 'NEWP-4SS2')
    assert.notInclude(text, 'K7P2-M9QX')
  })

  test('refusals: bad dates, reversed range, nobody in range', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const bad = await asStaff(client.post(route('staff.guide_letters.download')), clerk)
      .form({ from: '', to: '2026/2/30' })
      .withCsrfToken()
      .header('referer', route('staff.guide_letters.index'))
      .redirects(0)
    const errors = bad.flashMessage('errors') as Record<string, string[]>
    assert.include(errors.from[0], '発行日（開始）を入力してください')
    assert.include(errors.to[0], '発行日（終了）は 1980/4/1')

    const reversed = await asStaff(client.post(route('staff.guide_letters.download')), clerk)
      .form({ from: '2026/11/30', to: '2026/11/1' })
      .withCsrfToken()
      .redirects(0)
    assert.include(reversed.flashMessage('error'), '開始は終了より前')

    const empty = await asStaff(client.post(route('staff.guide_letters.download')), clerk)
      .form({ from: '2001/1/1', to: '2001/1/31' })
      .withCsrfToken()
      .redirects(0)
    assert.include(empty.flashMessage('error'), '未登録の組合員はいません')
    assert.isNull(await AuditLog.query().where('action', 'staff.guide_letters.print').first())
  })
})
