import type StaffUser from '#models/staff_user'
import type { StaffRole } from '#models/staff_user'
import { RATE_LIMITS } from '#domain/auth/rate_limits'
import { hasTotp } from '#domain/auth/staff_totp'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { STAFF_ROLE_LABELS } from '#presenters/common/viewer'
import type { TwoStepLoginOutcome } from '#domain/auth/staff_two_step_login'
import type {
  TwoStepEnrolmentOutcome,
  TwoStepRemovalOutcome,
} from '#domain/auth/staff_totp_enrolment'

/**
 * What the staff account pages receive and say (staff_accounts_controller.ts and
 * two_step_controller.ts).
 */

export interface StaffAccountRow {
  id: number
  loginId: string
  name: string
  role: StaffRole
  roleLabel: string
  isActive: boolean
  isSelf: boolean
  twoStep: boolean
  lastLoginAt: string
}

/** The account list (staff/accounts/index), for admins. */
export interface StaffAccountsProps {
  accounts: StaffAccountRow[]
  roles: { value: string; label: string }[]
}

export function presentStaffAccounts(accounts: StaffUser[], viewer: StaffUser): StaffAccountsProps {
  return {
    accounts: accounts.map((account) => ({
      id: account.id,
      loginId: account.loginId,
      name: account.name,
      role: account.role,
      roleLabel: STAFF_ROLE_LABELS[account.role],
      isActive: Boolean(account.isActive),
      isSelf: account.id === viewer.id,
      twoStep: hasTotp(account),
      lastLoginAt: formatJapaneseDateTime(account.lastLoginAt),
    })),
    roles: Object.entries(STAFF_ROLE_LABELS).map(([value, label]) => ({ value, label })),
  }
}

/** A generated password, shown once (staff/accounts/password). */
export interface StaffAccountPasswordProps {
  account: { loginId: string; name: string }
  password: string
}

/** The viewer's own two-step settings (staff/security); `enrolment` while setting it up. */
export interface StaffSecurityProps {
  enabled: boolean
  required: boolean
  enrolment: { qrCodeDataUrl: string; manualKey: string } | null
}

type Flash = { type: 'success' | 'error'; text: string }

const TOTP_BLOCK_MINUTES = RATE_LIMITS.staffTotpWrongCodes.blockMinutes

/** The code step of the staff log-in (staff/login_code), by outcome. */
export const TWO_STEP_LOGIN_MESSAGES = {
  throttled: `確認コードの誤りが続いたため、しばらくログインできません。${TOTP_BLOCK_MINUTES}分ほどお待ちください。`,
  wrong: '確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。',
} as const satisfies Record<Exclude<TwoStepLoginOutcome['status'], 'verified'>, string>

/** Linking the app (staff/security); nothing is said when no secret was on offer. */
export const TWO_STEP_ENROLMENT_MESSAGES: Record<TwoStepEnrolmentOutcome['status'], Flash | null> =
  {
    enrolled: {
      type: 'success',
      text: '2段階認証を設定しました。次回のログインから確認コードが必要です。',
    },
    wrong: {
      type: 'error',
      text: '確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください。',
    },
    nothing_offered: null,
  }

/** Removing one's own app (staff/security). */
export const TWO_STEP_REMOVAL_MESSAGES: Record<TwoStepRemovalOutcome['status'], Flash> = {
  removed: { type: 'success', text: '2段階認証を解除しました。' },
  required: {
    type: 'error',
    text: 'この環境では2段階認証が必須のため、解除できません。端末を替える場合は管理者に解除を依頼してください。',
  },
  throttled: {
    type: 'error',
    text: `確認コードの誤りが続いたため、しばらく2段階認証を解除できません。${TOTP_BLOCK_MINUTES}分ほどお待ちください。`,
  },
  wrong: {
    type: 'error',
    text: '確認コードが正しくありません。解除するには、現在の確認コードを入力してください。',
  },
}
