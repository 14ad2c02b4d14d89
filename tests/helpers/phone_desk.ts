import type { ApiRequest } from '@japa/api-client'
import { DateTime } from 'luxon'
import type StaffUser from '#models/staff_user'
import type { IdentityItem } from '#domain/desk/identity_matching'
import { VERIFICATION_MINUTES } from '#domain/desk/phone_desk'
import { asStaff } from '#tests/helpers/sessions'

/** A staff request whose session already holds a phone-desk verification for the member. */
export function asVerifiedStaff(
  request: ApiRequest,
  staff: StaffUser,
  memberId: number,
  options: { matched?: IdentityItem[]; verifiedAt?: DateTime } = {}
) {
  const verifiedAt = options.verifiedAt ?? DateTime.utc()
  return asStaff(request, staff).withSession({
    phone_desk_verification: {
      memberId,
      matched: options.matched ?? ['memberNumber', 'birthDate', 'phone'],
      verifiedAt: verifiedAt.toISO(),
      expiresAt: verifiedAt.plus({ minutes: VERIFICATION_MINUTES }).toISO(),
    },
  })
}
