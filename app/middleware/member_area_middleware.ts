import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { checkAreaSession, endAreaSession } from '#domain/auth/session_policy'
import { withdrawalState } from '#domain/members/withdrawal'
import { formatJapaneseDate } from '#domain/common/formatting'

/**
 * Everything behind the member guard: a member session (staff sessions do not
 * count), not past the absolute timeout or revoked, and a member whose access
 * has not ended by withdrawal.
 */
export default class MemberAreaMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('member')
    const account = await guard.check().then(() => guard.user)

    if (!account) {
      if (ctx.request.method() === 'GET')
        ctx.session.put('member_intended_url', ctx.request.url(true))
      ctx.session.flash('error', 'ログインしてください。')
      return ctx.response.redirect().toRoute('public.login.show')
    }

    await account.load('member', (query) => query.preload('affiliation'))

    const sessionState = checkAreaSession(ctx, 'member', account.sessionVersion)
    const withdrawal = withdrawalState(account.member)
    let message: string | null = null
    if (sessionState === 'expired') {
      message = '一定時間が経過したため、ログアウトしました。もう一度ログインしてください。'
    } else if (sessionState === 'revoked') {
      message = '別の操作によりログアウトされました。もう一度ログインしてください。'
    } else if (withdrawal.kind === 'withdrawn') {
      message = `出資金返還日（${formatJapaneseDate(withdrawal.refundOn)}）をもって、マイページのご利用は終了しました。`
    }

    if (message) {
      await guard.logout()
      endAreaSession(ctx, 'member')
      ctx.session.flash('error', message)
      return ctx.response.redirect().toRoute('public.login.show')
    }

    return next()
  }
}
