import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { checkAreaSession, endAreaSession } from '#domain/auth/session_policy'
import { ENROLMENT_ROUTES, hasTotp, twoStepRequired } from '#domain/auth/staff_totp'

/**
 * Everything behind the staff guard, prefixed /staff. A member session never
 * gets here: it is a different guard with a different session key.
 */
export default class StaffAreaMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('staff')
    const staff = await guard.check().then(() => guard.user)

    if (!staff) {
      ctx.session.flash('error', '職員用ページです。職員アカウントでログインしてください。')
      return ctx.response.redirect().toRoute('staff.login.show')
    }

    const sessionState = checkAreaSession(ctx, 'staff', staff.sessionVersion)
    if (sessionState !== 'valid' || !staff.isActive) {
      await guard.logout()
      endAreaSession(ctx, 'staff')
      ctx.session.flash(
        'error',
        staff.isActive
          ? '一定時間が経過したため、ログアウトしました。もう一度ログインしてください。'
          : 'このアカウントは利用停止されています。管理者にお問い合わせください。'
      )
      return ctx.response.redirect().toRoute('staff.login.show')
    }

    if (twoStepRequired() && !hasTotp(staff) && !ENROLMENT_ROUTES.includes(ctx.route?.name ?? '')) {
      ctx.session.flash(
        'error',
        '2段階認証の設定が必要です。認証アプリでQRコードを読み取り、表示された確認コードを入力してください。'
      )
      return ctx.response.redirect().toRoute('staff.security')
    }

    return next()
  }
}
