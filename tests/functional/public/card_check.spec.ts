import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import CardCheck from '#models/card_check'
import AuditLog from '#models/audit_log'
import type Member from '#models/member'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createRegisteredMember } from '#database/factories/member_factory'
import { issueCardToken } from '#domain/members/membership_card'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import { route } from '#tests/helpers/routes'
import { restoreClock, setJapanTime } from '#tests/helpers/clock'
import type { MembershipCardProps } from '#presenters/member/membership_card'
import type { CardCheckProps } from '#presenters/common/card_check'
import type { MemberPageProps } from '#presenters/staff/members'
import type { StaffCardCheckProps } from '#presenters/staff/card_check'
import { cardCheckUrl } from '#presenters/member/membership_card'

const NUMBER = '5678901'

async function cardMember(extra: Record<string, unknown> = {}) {
  return createRegisteredMember({
    member: {
      memberNumber: NUMBER,
      name: '照合 花子',
      nameKana: 'ショウゴウ ハナコ',
      phone: '0776991234',
      postalCode: '9100001',
      address: '福井県福井市大手9丁目9-9',
      birthDate: DateTime.fromISO('1971-02-03'),
      joinedOn: DateTime.fromISO('2003-04-01'),
      ...extra,
    },
  })
}

/** Everything of the member a page must not show when it is not 有効. */
function personalItems(member: Member) {
  return [
    member.name,
    member.nameKana,
    member.memberNumber,
    member.affiliation.name,
    '福井県福井市大手9丁目9-9',
    '0776991234',
    '0776-99-1234',
    '1971',
    '2003年4月1日',
  ]
}

function check(client: ApiClient, token: string) {
  return client.get(route('public.card_check.show', { token }))
}

/** The page's HTML without the token (the token is in the page's own URL, which Inertia embeds). */
function withoutToken(html: string, token: string) {
  return html.replaceAll(token, '').replaceAll(encodeURIComponent(token), '')
}

test.group('Card check page (public, the card QR opens it)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())

  test('the QR of the open card leads, without log-in, to 有効 with the card items only', async ({
    client,
    assert,
  }) => {
    setJapanTime('2026-12-04T10:00:07')
    const { member, account } = await cardMember({ category: 'retired' })
    const card = await asMember(client.get(route('member.card.show')), account).withInertia()
    const url = new URL(inertiaProps<MembershipCardProps>(card).card!.qr.url)
    assert.equal(
      url.pathname,
      route('public.card_check.show', { token: url.pathname.split('/').at(-1)! })
    )

    const response = await client.get(url.pathname)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '有効な組合員証です')
    for (const shown of [
      '照合 花子',
      'ショウゴウ ハナコ',
      NUMBER,
      member.affiliation.name,
      '退職',
    ]) {
      assert.include(html, shown)
    }
    // Japan time with seconds.
    assert.include(html, '2026年12月4日 10:00:07')
    // Nothing beyond the plastic card: no address, phone, birth date, join date.
    for (const hidden of personalItems(member).slice(4)) assert.notInclude(html, hidden)
    assert.equal(response.header('cache-control'), 'no-store, max-age=0')
    assert.equal(response.header('referrer-policy'), 'no-referrer')
    assert.include(response.header('x-robots-tag'), 'noindex')

    const rows = await CardCheck.all()
    assert.deepEqual(
      rows.map((row) => [row.memberId, row.result, row.reason, row.ip]),
      [[member.id, 'valid', null, '127.0.0.1']]
    )
  })

  test('the props of 有効 are exactly the five card items', async ({ client, assert }) => {
    const { member } = await cardMember()
    const response = await check(client, issueCardToken(NUMBER).token).withInertia()
    response.assertInertiaComponent('public/card_check')
    const props = inertiaProps<CardCheckProps>(response)
    assert.equal(props.status, 'valid')
    assert.deepEqual(props.card, {
      name: '照合 花子',
      nameKana: 'ショウゴウ ハナコ',
      memberNumber: NUMBER,
      affiliation: member.affiliation.name,
      category: '現職',
    })
  })

  test('a code 5 minutes old: 期限切れ, with nothing of the member', async ({ client, assert }) => {
    const { member } = await cardMember()
    setJapanTime('2026-12-04T10:00:00')
    const { token } = issueCardToken(NUMBER)
    setJapanTime('2026-12-04T10:05:00')
    const response = await check(client, token)
    response.assertStatus(200)
    const html = withoutToken(response.text(), token)
    assert.include(html, '期限切れです（画面の写しの可能性があります）')
    assert.include(html, '2026年12月4日 10:05:00')
    for (const hidden of personalItems(member)) assert.notInclude(html, hidden)
    const [row] = await CardCheck.all()
    assert.deepEqual([row.memberId, row.result], [member.id, 'expired'])
  })

  test('無効: {case}, with nothing of the member')
    .with([
      { case: 'a tampered code', kind: 'tampered' as const },
      { case: 'a malformed code', kind: 'malformed' as const },
      { case: 'a withdrawn member (refund date passed)', kind: 'withdrawn' as const },
      { case: 'an unknown member number', kind: 'unknown_member' as const },
    ])
    .run(async ({ client, assert }, { kind }) => {
      const { member } = await cardMember(
        kind === 'withdrawn'
          ? {
              withdrawalAcceptedOn: DateTime.fromISO('2025-10-01'),
              refundOn: DateTime.fromISO('2026-03-31'),
            }
          : {}
      )
      const tokens = {
        tampered: issueCardToken(NUMBER).token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        malformed: 'MC1.not-a-card',
        withdrawn: issueCardToken(NUMBER).token,
        unknown_member: issueCardToken('9999999').token,
      }
      const token = tokens[kind]
      const response = await check(client, token)
      response.assertStatus(200)
      const html = withoutToken(response.text(), token)
      assert.include(html, '無効です')
      for (const hidden of personalItems(member)) assert.notInclude(html, hidden)
      const [row] = await CardCheck.all()
      assert.deepEqual(
        [row.memberId, row.result, row.reason],
        [kind === 'withdrawn' ? member.id : null, 'invalid', kind]
      )
    })

  test('an over-long path is 無効 (not an error page)', async ({ client, assert }) => {
    const response = await check(client, 'A'.repeat(500))
    response.assertStatus(200)
    assert.include(response.text(), '無効です')
    const [row] = await CardCheck.all()
    assert.equal(row.reason, 'malformed')
  })

  test('30 checks a minute per address, then 429 saying 1分間に30回', async ({
    client,
    assert,
  }) => {
    await cardMember()
    const { token } = issueCardToken(NUMBER)
    for (let i = 0; i < 30; i++) {
      const answered = await check(client, token)
      answered.assertStatus(200)
    }
    const refused = await check(client, token)
    refused.assertStatus(429)
    assert.include(refused.text(), '1分間に30回')
    assert.notInclude(withoutToken(refused.text(), token), '照合 花子')
    assert.isAbove(Number(refused.header('retry-after')), 0)
    assert.lengthOf(await CardCheck.all(), 30)
  })
})

test.group('Card checks on the staff member page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('{role} sees the recent checks of the member (tab 組合員証の確認), audited')
    .with([{ role: 'operator' as const }, { role: 'clerk' as const }, { role: 'admin' as const }])
    .run(async ({ client, assert }, { role }) => {
      const { member } = await cardMember()
      const other = await createRegisteredMember()
      await check(client, issueCardToken(NUMBER).token)
      await check(client, issueCardToken(other.member.memberNumber).token)
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(
        client.get(route('staff.members.show', { id: member.id }, { tab: 'card_checks' })),
        staff
      ).withInertia()
      response.assertStatus(200)
      const props = inertiaProps<MemberPageProps>(response)
      assert.include(
        props.tabs.map((tab) => tab.label),
        '組合員証の確認'
      )
      assert.equal(props.cardChecks!.limit, 50)
      assert.deepEqual(
        props.cardChecks!.rows.map((row) => [row.resultLabel, row.ip]),
        [['有効', '127.0.0.1']]
      )
      assert.match(
        props.cardChecks!.rows[0].checkedAt,
        /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/
      )
      const html = await asStaff(
        client.get(route('staff.members.show', { id: member.id }, { tab: 'card_checks' })),
        staff
      )
      assert.include(html.text(), '組合員証の確認記録')
      const audit = await AuditLog.query()
        .where('member_id', member.id)
        .where('action', 'staff.member.view')
      assert.isTrue(audit.some((entry) => entry.detailsJson?.includes('card_checks')))
    })

  test(
    '{role} checks a scanned card on 組合員証の確認: the same answer, recorded with the staff member'
  )
    .with([{ role: 'operator' as const }, { role: 'clerk' as const }, { role: 'admin' as const }])
    .run(async ({ client, assert }, { role }) => {
      const { member } = await cardMember()
      const staff = await StaffUserFactory.apply(role).create()
      const scanned = cardCheckUrl(issueCardToken(NUMBER).token)
      const response = await asStaff(
        client.get(route('staff.card_check.show', {}, { code: scanned })),
        staff
      ).withInertia()
      response.assertStatus(200)
      response.assertInertiaComponent('staff/card_check')
      const props = inertiaProps<StaffCardCheckProps>(response)
      assert.equal(props.result!.headline, '有効な組合員証です')
      assert.equal(props.result!.card!.memberNumber, NUMBER)
      assert.equal(
        props.memberHref,
        route('staff.members.show', { id: member.id }, { tab: 'card_checks' })
      )
      const tampered = await asStaff(
        client.get(route('staff.card_check.show', {}, { code: `${scanned}x` })),
        staff
      ).withInertia()
      const refused = inertiaProps<StaffCardCheckProps>(tampered)
      assert.equal(refused.result!.headline, '無効です')
      assert.isNull(refused.result!.card)
      assert.isNull(refused.memberHref)
      const rows = await CardCheck.query().orderBy('id')
      assert.deepEqual(
        rows.map((row) => [row.memberId, row.staffUserId, row.result]),
        [
          [member.id, staff.id, 'valid'],
          [null, staff.id, 'invalid'],
        ]
      )
      const empty = await asStaff(client.get(route('staff.card_check.show')), staff).withInertia()
      assert.isNull(inertiaProps<StaffCardCheckProps>(empty).result)
      const html = await asStaff(client.get(route('staff.card_check.show')), staff)
      assert.include(html.text(), 'QRコードの内容')
    })

  test('not logged in as staff: no access to the tab', async ({ client }) => {
    const { member } = await cardMember()
    const response = await client
      .get(route('staff.members.show', { id: member.id }, { tab: 'card_checks' }))
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('staff.login.show'))
    const desk = await client.get(route('staff.card_check.show')).redirects(0)
    desk.assertStatus(302)
    desk.assertHeader('location', route('staff.login.show'))
  })
})
