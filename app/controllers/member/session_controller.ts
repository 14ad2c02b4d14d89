import type { HttpContext } from '@adonisjs/core/http'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { endAreaSession } from '#domain/auth/session_policy'

export default class SessionController {
  async destroy(ctx: HttpContext) {
    const account = ctx.auth.use('member').getUserOrFail()
    await recordAudit({
      action: 'member.logout',
      outcome: 'success',
      actorType: 'member',
      memberAccountId: account.id,
      memberId: account.memberId,
      origin: originOf(ctx),
    })
    await ctx.auth.use('member').logout()
    endAreaSession(ctx, 'member')
    // Nothing of the member's session survives log-out (password re-entry time,
    // registration steps...), and the next visitor gets a new session id.
    ctx.session.clear()
    ctx.session.regenerate()
    ctx.session.flash('success', 'ログアウトしました。')
    return ctx.response.redirect().toRoute('public.login.show')
  }
}
