import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import mail from '@adonisjs/mail/services/main'
import MemberAccount from '#models/member_account'
import StatementPublishedMail from '#mails/statement_published_mail'
import { createRegisteredMember } from '#database/factories/member_factory'
import { queueMail } from '#domain/mail/outbox'
import { unsubscribePath } from '#domain/members/notification_preferences'
import { asMember } from '#tests/helpers/sessions'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { portalUrl } from '#mails/portal_url'
import { inertiaProps } from '#tests/helpers/inertia'
import type { NotificationSettingsProps } from '#presenters/member/notification_settings'

const route = router.makeUrl.bind(router)

async function switches(accountId: number) {
  const account = await MemberAccount.findOrFail(accountId)
  return { statements: account.notifyStatements, notices: account.notifyNotices }
}

async function sentNotification(mails: any, email: string, memberId: number) {
  await queueMail(StatementPublishedMail, [email, '山田 花子', '2026-10'], { memberId })
  return lastSent(mails, StatementPublishedMail)
}

test.group('メール通知の設定', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the page shows both switches on by default and says log-in mails cannot be stopped', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const response = await asMember(
      client.get(route('member.notifications.edit')).withInertia(),
      account
    )
    response.assertInertiaComponent('member/notifications')
    const props = inertiaProps<NotificationSettingsProps>(response)
    assert.deepEqual(
      props.topics.map((t) => [t.name, t.enabled]),
      [
        ['statements', true],
        ['notices', true],
      ]
    )
    assert.equal(props.updateUrl, route('member.notifications.update'))

    // Server-rendered (JavaScript off): a real form with labelled checkboxes.
    const page = await asMember(client.get(route('member.notifications.edit')), account)
    const html = page.text()
    assert.include(html, `<form method="post" action="${route('member.notifications.update')}"`)
    assert.match(
      html,
      /<input id="field-statements" type="checkbox" name="statements" value="1"[^>]*checked/
    )
    assert.include(html, '<label for="field-notices">')
    assert.include(html, 'ログイン・セキュリティに関するメール')
    assert.include(html, '停止することはできません')
  })

  test('saving: an unticked box (not sent by the browser) turns that notification off', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const response = await asMember(
      client.post(route('member.notifications.update')).form({ notices: '1' }).withCsrfToken(),
      account
    ).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('member.notifications.edit'))
    response.assertFlashMessage('success', 'メール通知の設定を保存しました。')
    assert.deepEqual(await switches(account.id), { statements: false, notices: true })

    await asMember(
      client
        .post(route('member.notifications.update'))
        .form({ statements: '1', notices: '1' })
        .withCsrfToken(),
      account
    ).redirects(0)
    assert.deepEqual(await switches(account.id), { statements: true, notices: true })
  })

  test('the page needs a log-in; without the CSRF token nothing changes', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const anonymous = await client.get(route('member.notifications.edit')).redirects(0)
    anonymous.assertStatus(302)
    await asMember(client.post(route('member.notifications.update')).form({}), account).redirects(0)
    assert.deepEqual(await switches(account.id), { statements: true, notices: true })
  })

  test('the link is on the security page', async ({ client, assert }) => {
    const { account } = await createRegisteredMember()
    const page = await asMember(client.get(route('member.security')), account)
    const html = page.text()
    assert.include(html, `href="${route('member.notifications.edit')}"`)
  })
})

test.group('One-click unsubscribe (List-Unsubscribe + signed link)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the sent mail carries RFC 8058 headers and the same link in its text; no amount', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member, account } = await createRegisteredMember()
    const sent = await sentNotification(mails, account.email!, member.id)
    const message = sent.message.toJSON().message
    assert.equal(message.subject, '【学校生協マイページ】2026年10月分の請求明細を掲載しました')
    const headers = message.headers as Record<string, string>
    assert.equal(headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click')
    const link = /^<(https?:\/\/[^>]+)>$/.exec(headers['List-Unsubscribe'])?.[1]
    assert.isString(link)
    assert.equal(
      pathOf(link!),
      unsubscribePath(member.id, 'statements'),
      'the member own signed link'
    )
    assert.isTrue(link!.startsWith(`${portalUrl('')}/`), 'on the configured origin (APP_URL)')
    const text = String(message.text)
    assert.include(text, link!)
    assert.include(text, portalUrl(route('member.statements.show', { month: '2026-10' })))
    assert.notMatch(text, /円/)
    assert.include(String(message.html), link!.replaceAll('&', '&amp;'))
  })

  test('GET only shows a button (link scanners open links); POST stops the mails', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member, account } = await createRegisteredMember()
    const sent = await sentNotification(mails, account.email!, member.id)
    const headers = sent.message.toJSON().message.headers as Record<string, string>
    const link = pathOf(/<([^>]+)>/.exec(headers['List-Unsubscribe'])![1])

    const shown = await client.get(link)
    shown.assertStatus(200)
    assert.include(shown.text(), 'メール配信の停止')
    assert.include(shown.text(), `<form method="post" action="${link.replaceAll('&', '&amp;')}"`)
    assert.equal(shown.header('referrer-policy'), 'no-referrer')
    assert.deepEqual(await switches(account.id), { statements: true, notices: true })

    // The mail client's one-click POST (RFC 8058): no session, no CSRF token.
    const stopped = await client.post(link).form({ 'List-Unsubscribe': 'One-Click' })
    stopped.assertStatus(200)
    assert.include(stopped.text(), '配信を停止しました')
    assert.deepEqual(await switches(account.id), { statements: false, notices: true })

    // A second click says the same and changes nothing else.
    const again = await client.post(link).form({})
    again.assertStatus(200)
    assert.include(again.text(), '配信を停止しました')
  })

  test('a tampered or foreign link gets a clear page and changes nothing', async ({
    client,
    assert,
  }) => {
    const { member, account } = await createRegisteredMember()
    const { member: other, account: otherAccount } = await createRegisteredMember()
    const link = unsubscribePath(member.id, 'statements')
    const signature = new URL(link, 'http://x').searchParams.get('signature')!
    const tampered = [
      link.replace(`/${member.id}/`, `/${other.id}/`),
      link.replace('/statements?', '/notices?'),
      link.replace(signature, signature.slice(0, -2) + (signature.endsWith('A') ? 'BB' : 'AA')),
      link.split('?')[0],
      route('public.notifications.unsubscribe', { memberId: member.id, topic: 'everything' }),
    ]
    for (const url of tampered) {
      const get = await client.get(url)
      get.assertStatus(400)
      assert.include(get.text(), 'このURLは使用できません')
      const post = await client.post(url).form({ 'List-Unsubscribe': 'One-Click' })
      post.assertStatus(400)
      assert.include(post.text(), '配信停止のURLが正しくないため')
    }
    assert.deepEqual(await switches(account.id), { statements: true, notices: true })
    assert.deepEqual(await switches(otherAccount.id), { statements: true, notices: true })
  })
})
