import type { HttpContext } from '@adonisjs/core/http'
import type { StaffRole } from '#models/staff_user'
import { staffMenuFor } from '#policies/staff_permissions'
import { memberMenu, type MemberMenu } from '#presenters/member/menu'

/** Who is looking at a page, as the layouts need it. Never a model. */
export type Viewer =
  | { area: 'member'; name: string; memberNumber: string; menu: MemberMenu }
  | {
      area: 'staff'
      name: string
      role: StaffRole
      roleLabel: string
      menu: { href: string; label: string }[]
    }
  | null

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  operator: '窓口・電話担当',
  clerk: '事務担当',
  admin: '管理者',
}

export function viewerOf(ctx: HttpContext): Viewer {
  const url = ctx.request.url()
  // The staff area is the /staff route group (start/routes/staff.ts): a prefix, not a route.
  if (url === '/staff' || url.startsWith('/staff/')) {
    const staff = ctx.auth?.use('staff').user
    return staff
      ? {
          area: 'staff',
          name: staff.name,
          role: staff.role,
          roleLabel: STAFF_ROLE_LABELS[staff.role],
          menu: staffMenuFor(staff),
        }
      : null
  }
  const account = ctx.auth?.use('member').user
  if (account?.member) {
    return {
      area: 'member',
      name: account.member.name,
      memberNumber: account.member.memberNumber,
      menu: memberMenu(),
    }
  }
  return null
}
