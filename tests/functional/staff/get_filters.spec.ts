import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createRegisteredMember } from '#database/factories/member_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { fieldError } from '#tests/helpers/validation'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberSearchProps } from '#presenters/staff/members'
import type { AuditLogProps } from '#presenters/staff/audit_entries'
import { route } from '#tests/helpers/routes'

/**
 * Issue 9, defect 13 b and c: the staff filter forms as a browser without JavaScript sends
 * them (every empty input as `field=`), and a refused query string without a Referer.
 */
test.group('Staff GET filters without JavaScript', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('member search: empty fields mean "not set"', async ({ client, assert }) => {
    const { member } = await createRegisteredMember({
      member: { memberNumber: '2345678', birthDate: DateTime.fromISO('1981-05-06') },
    })
    const staff = await StaffUserFactory.apply('clerk').create()

    const blank = await asStaff(
      client.get(`${route('staff.members.index')}?q=&birthDate=&state=&page=`),
      staff
    ).redirects(0)
    blank.assertStatus(200)
    const blankPage = await asStaff(
      client.get(`${route('staff.members.index')}?q=&birthDate=&state=&page=`),
      staff
    ).withInertia()
    assert.isFalse(inertiaProps<MemberSearchProps>(blankPage).searched)

    const numberOnly = await asStaff(
      client.get(`${route('staff.members.index')}?q=2345678&birthDate=&state=`),
      staff
    ).withInertia()
    numberOnly.assertStatus(200)
    assert.deepEqual(
      inertiaProps<MemberSearchProps>(numberOnly).members.map((row) => row.id),
      [member.id]
    )
    const spaces = await asStaff(
      client.get(`${route('staff.members.index')}?q=+&birthDate=+`),
      staff
    ).redirects(0)
    spaces.assertStatus(200)
  })

  test('audit log: empty filters list everything, the export too', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    await recordAudit({
      action: 'staff.login',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: admin.id,
      origin: { ip: '192.0.2.1', userAgent: 'test' },
    })
    const page = await asStaff(
      client.get(`${route('staff.audit_log.index')}?staff=&member=&action=&from=&to=`),
      admin
    ).withInertia()
    page.assertStatus(200)
    assert.isAtLeast(inertiaProps<AuditLogProps>(page).entries.length, 1)
    const csv = await asStaff(
      client.get(`${route('staff.audit_log.export')}?staff=&member=&action=&from=&to=&encoding=`),
      admin
    ).redirects(0)
    csv.assertStatus(200)
  })

  test('a refused query without Referer stays in the staff area, in Japanese', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const search = await asStaff(
      client.get(route('staff.members.index')).qs({ birthDate: '1980/13/45', q: 'やまだ' }),
      clerk
    ).redirects(0)
    search.assertStatus(302)
    search.assertHeader('location', route('staff.members.index'))
    assert.include(fieldError(search, 'birthDate'), '生年月日は 1980/4/1')
    assert.include(String(search.flashMessage('error')), '検索条件に誤りがあります')

    const admin = await StaffUserFactory.apply('admin').create()
    const audit = await asStaff(
      client.get(route('staff.audit_log.index')).qs({ staff: 'abc' }),
      admin
    ).redirects(0)
    audit.assertHeader('location', route('staff.audit_log.index'))

    // A Referer from outside the staff area is not where staff go back to.
    const foreign = await asStaff(
      client.get(route('staff.audit_log.index')).qs({ from: 'きのう' }),
      admin
    )
      .header('referer', 'https://evil.example/staff/x')
      .redirects(0)
    foreign.assertHeader('location', route('staff.audit_log.index'))

    // A Referer on the staff form itself is still used (the form shows the field errors).
    const fromForm = await asStaff(
      client.get(route('staff.audit_log.index')).qs({ from: 'きのう' }),
      admin
    )
      .header('referer', `${route('staff.audit_log.index')}?member=1`)
      .redirects(0)
    fromForm.assertHeader('location', `${route('staff.audit_log.index')}?member=1`)
  })
})
