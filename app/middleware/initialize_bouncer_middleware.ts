import { policies } from '#policies/main'
import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type StaffUser from '#models/staff_user'

/**
 * Bouncer authorises staff only: its user is the `staff` guard's user (checked by the
 * staffArea middleware before any controller runs). In a controller:
 * `await bouncer.with(ImportBatchPolicy).authorize('create')` answers 403 for the wrong role.
 */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.bouncer = new Bouncer(
      () => ctx.auth.use('staff').user ?? null,
      {},
      policies
    ).setContainerResolver(ctx.containerResolver)

    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<StaffUser, {}, typeof policies>
  }
}
