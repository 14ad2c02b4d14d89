import { UAParser } from 'ua-parser-js'
import type AuditLog from '#models/audit_log'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { PasskeyRow } from '#presenters/member/passkeys'

/** One row of the account security page's log-in history. */
export interface LoginHistoryRow {
  id: number
  at: string
  ip: string
  device: string
  succeeded: boolean
  outcome: string
  step: string
}

/** The member's account security page (member/security). */
export interface MemberSecurityProps {
  logins: LoginHistoryRow[]
  historySize: number
  passkeys: PasskeyRow[]
  maxPasskeys: number
  nameMaxLength: number
}

const DEVICE_TYPES: Record<string, string> = {
  mobile: 'スマートフォン',
  tablet: 'タブレット',
}

/** "iOS 17.0 / Mobile Safari（スマートフォン）" from a user agent; unknown parts are left out. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return '不明'
  const { browser, os, device } = new UAParser(userAgent).getResult()
  const system = [os.name, os.version].filter(Boolean).join(' ')
  const parts = [system, browser.name].filter(Boolean).join(' / ')
  const kind = device.type ? DEVICE_TYPES[device.type] : 'パソコン'
  if (!parts) return '不明'
  return kind ? `${parts}（${kind}）` : parts
}

const LOGIN_STEPS: Record<string, string> = {
  'member.login_code': '認証コード',
  'member.login_passkey': 'パスキー',
}

export function loginHistoryRow(entry: AuditLog): LoginHistoryRow {
  const succeeded = entry.outcome === 'success'
  return {
    id: entry.id,
    at: formatJapaneseDateTime(entry.createdAt),
    ip: entry.ip ?? '不明',
    device: describeDevice(entry.userAgent),
    succeeded,
    outcome: succeeded ? '成功' : '失敗',
    step: LOGIN_STEPS[entry.action] ?? 'パスワード',
  }
}
