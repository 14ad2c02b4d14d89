import { routeUrl, type StaticRouteName } from '#services/named_routes'

/** The icons of the bottom tab bar (drawn by inertia/components/member/MenuIcon.vue). */
export type MemberTabIcon = 'home' | 'statements' | 'card' | 'contributions' | 'menu'

/** Sections of the メニュー page (shown in the order the list below first names them). */
export type MemberMenuGroup =
  'ご利用状況の確認' | '登録内容の変更・お問い合わせ' | 'ログインとメールの設定'

/**
 * Every member page a member can open from the navigation, in one list: the layout takes the
 * tab bar from it (the entries with `tab`), the メニュー page lists them all by group, the home
 * page shows the `shortcut` ones (the procedures the tab bar has no tab for). Labels are the FAQ's names (個人情報変更, 連絡・お問い合わせ, デジタル組合員証);
 * `tab` is the short label that fits a fifth of a 360 px screen. A new page is one line here.
 */
const MEMBER_MENU: {
  route: StaticRouteName
  label: string
  group: MemberMenuGroup
  tab?: { label: string; icon: MemberTabIcon }
  shortcut?: true
}[] = [
  {
    route: 'member.home',
    label: 'ホーム',
    group: 'ご利用状況の確認',
    tab: { label: 'ホーム', icon: 'home' },
  },
  {
    route: 'member.statements.index',
    label: '請求明細',
    group: 'ご利用状況の確認',
    tab: { label: '請求明細', icon: 'statements' },
  },
  { route: 'member.yearly_usage.index', label: '年間ご利用明細', group: 'ご利用状況の確認' },
  {
    route: 'member.card.show',
    label: 'デジタル組合員証',
    group: 'ご利用状況の確認',
    tab: { label: '組合員証', icon: 'card' },
  },
  {
    route: 'member.contributions.index',
    label: '出資状況・出資報告',
    group: 'ご利用状況の確認',
    tab: { label: '出資状況', icon: 'contributions' },
  },
  {
    route: 'member.profile.show',
    label: '個人情報変更',
    group: '登録内容の変更・お問い合わせ',
    shortcut: true,
  },
  {
    route: 'member.affiliation_requests.index',
    label: '所属変更申請',
    group: '登録内容の変更・お問い合わせ',
    shortcut: true,
  },
  {
    route: 'member.inquiries.index',
    label: '連絡・お問い合わせ',
    group: '登録内容の変更・お問い合わせ',
    shortcut: true,
  },
  {
    route: 'member.security',
    label: 'ログイン履歴・セキュリティ',
    group: 'ログインとメールの設定',
  },
  { route: 'member.password.edit', label: 'パスワードの変更', group: 'ログインとメールの設定' },
  { route: 'member.email.edit', label: 'メールアドレスの変更', group: 'ログインとメールの設定' },
  {
    route: 'member.notifications.edit',
    label: 'メール通知の設定',
    group: 'ログインとメールの設定',
  },
]

/** The last tab: the page that lists everything (a real link, so it works without JavaScript). */
const MENU_TAB = { route: 'member.menu', label: 'メニュー', icon: 'menu' } as const

export interface MemberMenuItem {
  href: string
  label: string
  group: MemberMenuGroup
  /** Also a shortcut on the home page. */
  shortcut: boolean
}

export interface MemberTab {
  href: string
  label: string
  /** The full name where the tab shows a shorter one (wide screens show this). */
  fullLabel: string
  icon: MemberTabIcon
}

export interface MemberMenu {
  items: MemberMenuItem[]
  tabs: MemberTab[]
  /** The メニュー page: the tab for every item without one of its own. */
  menuHref: string
  /** The member home: marked current only on itself, not on every page below /mypage. */
  homeHref: string
}

/** The member navigation with the hrefs of this app (named routes: made per request). */
export function memberMenu(): MemberMenu {
  const items = MEMBER_MENU.map(({ route, label, group, shortcut }) => ({
    href: routeUrl(route),
    label,
    group,
    shortcut: shortcut === true,
  }))
  const tabs: MemberTab[] = MEMBER_MENU.flatMap(({ route, label, tab }) =>
    tab ? [{ href: routeUrl(route), label: tab.label, fullLabel: label, icon: tab.icon }] : []
  )
  const menuHref = routeUrl(MENU_TAB.route)
  tabs.push({
    href: menuHref,
    label: MENU_TAB.label,
    fullLabel: MENU_TAB.label,
    icon: MENU_TAB.icon,
  })
  return { items, tabs, menuHref, homeHref: routeUrl('member.home') }
}
