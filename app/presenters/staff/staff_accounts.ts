import type { StaffRole } from '#models/staff_user'

/**
 * What the staff account pages receive (built in app/controllers/staff/staff_accounts_controller.ts
 * and two_step_controller.ts).
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
