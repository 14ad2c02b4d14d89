import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import QRCode from 'qrcode'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { verifyCardToken } from '#domain/members/membership_card'
import { asMember } from '#tests/helpers/sessions'
import { presentMembershipCard } from '#presenters/member/membership_card'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MembershipCardProps } from '#presenters/member/membership_card'
import { route } from '#tests/helpers/routes'
import env from '#start/env'

async function cardMember(states: ('retired' | 'withdrawalPending' | 'withdrawn')[] = []) {
  return createRegisteredMember({
    states,
    member: {
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      memberNumber: '3456789',
      joinedOn: DateTime.fromISO('2008-04-01'),
    },
  })
}

test.group('Digital membership card', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows the card with a signed, short-lived QR code', async ({ client, assert }) => {
    const { member, account } = await cardMember()
    const response = await asMember(client.get(route('member.card.show')), account).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/card')
    assert.equal(response.header('cache-control'), 'no-store')
    const card = inertiaProps<MembershipCardProps>(response).card!
    assert.equal(card.name, '山田 花子')
    assert.equal(card.nameKana, 'ヤマダ ハナコ')
    assert.equal(card.memberNumber, '3456789')
    assert.equal(card.affiliation, member.affiliation.name)
    assert.equal(card.category, '現職')
    assert.equal(card.joinedOn, '2008年4月1日')
    assert.isNull(card.refundOn)

    const check = verifyCardToken(card.qr.token)
    assert.isTrue(check.ok)
    if (check.ok) {
      assert.equal(check.memberNumber, '3456789')
      const lifetime = check.expiresAt.diff(DateTime.utc(), 'minutes').minutes
      assert.isAbove(lifetime, 4)
      assert.isAtMost(lifetime, 5)
    }
    // The SVG is the QR code of the card check URL (APP_URL-based) with exactly that token.
    assert.equal(
      card.qr.url,
      `${env.get('APP_URL')}${route('public.card_check.show', { token: card.qr.token })}`
    )
    const expected = await QRCode.toString(card.qr.url, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    })
    assert.equal(card.qr.svg.replace(' aria-hidden="true" focusable="false"', ''), expected)
    assert.match(card.qr.expiresAtLabel, /^\d{1,2}時\d{2}分\d{2}秒$/)
  })

  test('the server-rendered page has the QR SVG, the clock and the 更新 link', async ({
    client,
    assert,
  }) => {
    const { account } = await cardMember(['retired'])
    const response = await asMember(client.get(route('member.card.show')), account)
    const html = response.text()
    assert.include(html, 'data-testid="card-qr"')
    assert.include(html, '<svg aria-hidden="true"')
    assert.include(html, 'data-testid="card-clock"')
    assert.include(html, 'QRコードの有効期限')
    assert.include(html, `href="${route('member.card.show')}"`)
    assert.include(html, '退職')
  })

  test('/mypage/card/qr answers a fresh code as JSON', async ({ client, assert }) => {
    const { account } = await cardMember()
    const response = await asMember(client.get(route('member.card.qr')), account).header(
      'accept',
      'application/json'
    )
    response.assertStatus(200)
    assert.equal(response.header('cache-control'), 'no-store')
    const body = response.body()
    assert.include(body.svg, '<svg')
    const check = verifyCardToken(body.token)
    assert.isTrue(check.ok)
    assert.equal(check.ok && check.memberNumber, '3456789')
    assert.isAbove(body.refreshInSeconds, 0)
  })

  test('a member whose refund is pending keeps the card until the refund date', async ({
    client,
    assert,
  }) => {
    const { account } = await cardMember(['withdrawalPending'])
    const response = await asMember(client.get(route('member.card.show')), account).withInertia()
    response.assertStatus(200)
    const card = inertiaProps<MembershipCardProps>(response).card!
    assert.match(card.refundOn!, /^\d{4}年3月31日$/)
    assert.isTrue(verifyCardToken(card.qr.token).ok)
  })

  test('a withdrawn member (refund date passed) has no card and is told why', async ({
    client,
    assert,
  }) => {
    const { account } = await cardMember(['withdrawn'])
    for (const url of [route('member.card.show'), route('member.card.qr')]) {
      const response = await asMember(client.get(url), account).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    }
    const followed = await asMember(client.get(route('member.card.show')), account)
    assert.include(followed.text(), 'マイページのご利用は終了しました')
  })

  test('not logged in: redirected to the log-in page', async ({ client }) => {
    for (const url of [route('member.card.show'), route('member.card.qr')]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    }
  })

  test('the card presenter itself refuses a withdrawn member (defence in depth)', async ({
    assert,
  }) => {
    const { account } = await cardMember(['withdrawn'])
    await account.load('member', (query) => query.preload('affiliation'))
    const props = await presentMembershipCard(account)
    assert.isNull(props.card)
    assert.match(props.endedOn!, /^\d{4}年3月31日$/)
  })
})
