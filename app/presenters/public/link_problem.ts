import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/**
 * What the member sees when a mailed link cannot be used: what happened and
 * what to do next, in the FAQ's words. Plain data for public/link_problem.
 */
export type LinkKind = 'registration' | 'password_reset' | 'email_change'
export type LinkReason = 'unknown' | 'expired' | 'used' | 'email_taken'

export interface LinkProblem {
  title: string
  message: string
  advice: string
  actions: { href: string; label: string }[]
}

const WHAT: Record<LinkKind, string> = {
  registration: 'ログイン登録',
  password_reset: 'パスワード再登録',
  email_change: 'メールアドレス変更',
}

// A function, not a constant: URLs are made once the routes are committed.
const NEXT = (): Record<
  LinkKind,
  { advice: string; actions: { href: string; label: string }[] }
> => ({
  registration: {
    advice:
      'お手数ですが、「ログイン登録のご案内」に記載の組合員番号と初期パスワードで、ログイン登録を最初からやり直してください。すでに登録が完了している場合は、そのままログインできます。',
    actions: [
      { href: routeUrl('public.register.show'), label: 'ログイン登録をやり直す' },
      { href: routeUrl('public.login.show'), label: 'ログイン画面へ' },
    ],
  },
  password_reset: {
    advice:
      'お手数ですが、「パスワードをお忘れの方」からもう一度お申し込みください。新しいURLをメールでお送りします。',
    actions: [
      { href: routeUrl('public.password.forgot'), label: 'パスワードリセットをやり直す' },
      { href: routeUrl('public.login.show'), label: 'ログイン画面へ' },
    ],
  },
  email_change: {
    advice:
      'お手数ですが、ログイン後に「登録情報」のメールアドレス変更から、もう一度お申し込みください。',
    actions: [{ href: routeUrl('member.email.edit'), label: 'メールアドレス変更へ' }],
  },
})

export function linkProblem(kind: LinkKind, reason: LinkReason): LinkProblem {
  const what = WHAT[kind]
  const next = NEXT()[kind]
  const messages: Record<LinkReason, string> = {
    unknown: `この${what}のURLは正しくありません。メールに記載のURLを、途中で切れないように最後までコピーしてください。`,
    expired: `この${what}のURLは有効期限が切れています。`,
    used: `この${what}のURLはすでに使用されたか、新しいURLの発行により無効になっています。`,
    email_taken: `このメールアドレスは、ほかの組合員のログインIDとして登録されているため、${what}を完了できませんでした。別のメールアドレスでお申し込みください。`,
  }
  return {
    title: `${what}のURLが無効です`,
    message: messages[reason],
    advice: `${next.advice} ご不明な点は${COOP.shortName}（TEL：${COOP.phone}）までお電話ください。`,
    actions: next.actions,
  }
}
