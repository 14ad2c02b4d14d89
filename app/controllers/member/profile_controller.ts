import type { HttpContext } from '@adonisjs/core/http'
import { presentMemberProfile } from '#presenters/member/profile'
import {
  profileAddressValidator,
  profileNameValidator,
  profilePhoneValidator,
} from '#validators/member/profile'
import { validateForm } from '#validators/validate_form'
import { recentProfileChanges, type ProfileValues } from '#domain/members/profile_changes'
import { changeOwnProfile } from '#domain/members/change_own_profile'
import { originOf } from '#domain/audit/audit_trail'

/** 個人情報変更: name (改姓) and kana, postal code and address, phone. Applied at once. */
export default class ProfileController {
  async show({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const changes = await recentProfileChanges(account.memberId)
    return inertia.render('member/profile', presentMemberProfile(account, changes))
  }

  async updateName(ctx: HttpContext) {
    const values = await validateForm(ctx, profileNameValidator)
    return this.apply(ctx, values, '氏名・フリガナ')
  }

  async updateAddress(ctx: HttpContext) {
    const values = await validateForm(ctx, profileAddressValidator)
    return this.apply(ctx, values, '郵便番号・住所')
  }

  async updatePhone(ctx: HttpContext) {
    const values = await validateForm(ctx, profilePhoneValidator)
    return this.apply(ctx, values, '電話番号')
  }

  private async apply(ctx: HttpContext, values: Partial<ProfileValues>, what: string) {
    const account = ctx.auth.use('member').getUserOrFail()
    const outcome = await changeOwnProfile({ account, values, origin: originOf(ctx) })
    ctx.session.flash(
      'success',
      outcome.status === 'unchanged'
        ? `${what}は変更されていません（登録内容と同じです）。`
        : `${what}を変更しました。`
    )
    return ctx.response.redirect().toRoute('member.profile.show')
  }
}
