import type { StaffRole } from '#models/staff_user'
import type { IdentityItem } from '#domain/desk/identity_matching'

/**
 * Operators verify a caller at the phone desk by comparing what the caller states with the
 * record (identity_matching.ts); the desk never shows the stored values. If the member page
 * showed them, an operator could pass that check without the caller. So, for the operator
 * role, the identity items other than the ones that identify the member (member number,
 * name) are masked wherever an operator sees a member: member page tabs, search results and
 * inquiry threads. Clerks and admins, who do not verify callers, see the record.
 *
 * The address is masked with the postal code: the bundled postal dataset turns one into
 * the other.
 */
export const MASKED_IDENTITY_ITEMS = [
  'birthDate',
  'phone',
  'postalCode',
  'affiliation',
] as const satisfies readonly IdentityItem[]

export const MASKED_VALUE = '＊＊＊（電話対応で確認）'

export function masksIdentityItems(role: StaffRole): boolean {
  return role === 'operator'
}

/** profile_changes.field -> the identity item its values reveal (name changes are not masked). */
const MASKED_PROFILE_FIELDS: Record<string, (typeof MASKED_IDENTITY_ITEMS)[number]> = {
  phone: 'phone',
  postal_code: 'postalCode',
  address: 'postalCode',
  affiliation: 'affiliation',
  affiliation_id: 'affiliation',
}

export function isMaskedProfileField(field: string): boolean {
  return field in MASKED_PROFILE_FIELDS
}

/** The value itself, or the mask when this viewer may not see it (empty stays empty). */
export function maskedFor(masked: boolean, value: string): string {
  return masked && value !== '' ? MASKED_VALUE : value
}
