import { test } from '@japa/runner'
import { namedRoutes } from '#services/named_routes'
import { memberMenu } from '#presenters/member/menu'

/**
 * The one list of member pages (app/presenters/member/menu.ts) the tab bar, the メニュー page
 * and the home shortcuts read: checked as a whole, so a line added by another feature keeps
 * the navigation sound.
 */
test.group('Member menu: the list behind the tab bar and the メニュー page', () => {
  test('every item opens a member page with GET, once', ({ assert }) => {
    const { items, tabs, menuHref } = memberMenu()
    const getPatterns = new Set(
      namedRoutes()
        .toJSON()
        .root.filter((entry) => entry.methods.includes('GET'))
        .map((entry) => entry.pattern)
    )
    for (const { href, label } of [...items, ...tabs]) {
      assert.isTrue(href === '/mypage' || href.startsWith('/mypage/'), `${label}: ${href}`)
      assert.isTrue(getPatterns.has(href), `${label}: ${href} is a GET route`)
    }
    assert.equal(new Set(items.map((item) => item.href)).size, items.length, 'no page twice')
    assert.notInclude(
      items.map((item) => item.href),
      menuHref,
      'the menu page does not list itself'
    )
  })

  test('four or five tabs, メニュー last, each tab an item of the list', ({ assert }) => {
    const { items, tabs, menuHref } = memberMenu()
    assert.isAtLeast(tabs.length, 4)
    assert.isAtMost(tabs.length, 5)
    assert.deepEqual(tabs.at(-1), {
      href: menuHref,
      label: 'メニュー',
      fullLabel: 'メニュー',
      icon: 'menu',
    })
    for (const tab of tabs.slice(0, -1)) {
      const item = items.find((candidate) => candidate.href === tab.href)
      assert.exists(item, tab.label)
      assert.equal(tab.fullLabel, item!.label)
      // A fifth of 360 px holds five characters at the tab bar's 12 px.
      assert.isAtMost(tab.label.length, 5, `${tab.label} fits its tab`)
    }
  })

  test('the FAQ names: 個人情報変更 and 連絡・お問い合わせ, not 登録情報', ({ assert }) => {
    const labels = memberMenu().items.map((item) => item.label)
    for (const name of ['請求明細', 'デジタル組合員証', '個人情報変更', '連絡・お問い合わせ']) {
      assert.include(labels, name)
    }
    assert.notInclude(labels, '登録情報')
  })
})
