import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createRegisteredMember } from '#database/factories/member_factory'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import { route } from '#tests/helpers/routes'

/** The メニュー page's items: the FAQ's names (個人情報変更, 連絡・お問い合わせ, デジタル組合員証). */
const MENU = [
  ['ホーム', route('member.home')],
  ['請求明細', route('member.statements.index')],
  ['年間ご利用明細', route('member.yearly_usage.index')],
  ['デジタル組合員証', route('member.card.show')],
  ['出資状況・出資報告', route('member.contributions.index')],
  ['個人情報変更', route('member.profile.show')],
  ['所属変更申請', route('member.affiliation_requests.index')],
  ['連絡・お問い合わせ', route('member.inquiries.index')],
  ['ログイン履歴・セキュリティ', route('member.security')],
  ['パスワードの変更', route('member.password.edit')],
  ['メールアドレスの変更', route('member.email.edit')],
  ['メール通知の設定', route('member.notifications.edit')],
]

test.group('Member navigation: the メニュー page and the tab bar', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the menu page lists every member page by its FAQ name', async ({ client, assert }) => {
    const { account } = await createRegisteredMember({ member: { name: '山田 花子' } })

    const response = await asMember(client.get(route('member.menu')), account).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/menu')
    const { viewer } = inertiaProps<object>(response)
    assert.equal(viewer?.area, 'member')
    const menu = viewer!.area === 'member' ? viewer!.menu : null
    assert.deepEqual(
      menu!.items.map((item) => [item.label, item.href]),
      MENU
    )
    assert.deepEqual(
      menu!.tabs.map((tab) => [tab.label, tab.href]),
      [
        ['ホーム', route('member.home')],
        ['請求明細', route('member.statements.index')],
        ['組合員証', route('member.card.show')],
        ['出資状況', route('member.contributions.index')],
        ['メニュー', route('member.menu')],
      ]
    )
    assert.deepEqual(
      menu!.items.filter((item) => item.shortcut).map((item) => item.label),
      ['個人情報変更', '所属変更申請', '連絡・お問い合わせ']
    )
  })

  test('without JavaScript the page is server-rendered: every item a link, no 登録情報', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember({ member: { name: '山田 花子' } })
    const response = await asMember(client.get(route('member.menu')), account)
    response.assertStatus(200)
    const html = response.text()
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'))
    for (const [label, href] of MENU) {
      assert.match(main, new RegExp(`<a href="${href}"[^>]*>\\s*${label}\\s*</a>`), label)
    }
    assert.include(html, 'aria-label="マイページメニュー"')
    assert.match(html, new RegExp(`<a [^>]*aria-current="page" href="${route('member.menu')}"`))
    assert.notInclude(html, '登録情報')
  })

  test('the menu page is for members only', async ({ client }) => {
    const response = await client.get(route('member.menu')).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.login.show'))
  })
})
