import type { HttpContext } from '@adonisjs/core/http'
import { presentMemberProfile } from '#presenters/member/profile'
import {
  addressLookupValidator,
  profileAddressValidator,
  profileNameValidator,
  profilePhoneValidator,
} from '#validators/member/profile'
import { typedInput, validateForm } from '#validators/validate_form'
import { recentProfileChanges, type ProfileValues } from '#domain/members/profile_changes'
import { changeOwnProfile } from '#domain/members/change_own_profile'
import { originOf } from '#domain/audit/audit_trail'
import { composeAddress } from '#domain/members/profile_address'
import { addressFromPostalCode } from '#domain/members/address_from_postal_code'
import { filledAddressForm, presentAddressLookup } from '#presenters/member/address_lookup'
import { routeUrl } from '#services/named_routes'

/** What 「住所を検索」 without JavaScript leaves for the page it redirects to. */
interface FlashedLookup {
  postalCode: string
  town: number | null
}

/** 個人情報変更: name (改姓) and kana, postal code and address, phone. Applied at once. */
export default class ProfileController {
  async show({ auth, inertia, session }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const changes = await recentProfileChanges(account.memberId)
    const flashed = session.flashMessages.get('addressLookup') as FlashedLookup | undefined
    const lookup = flashed
      ? addressFromPostalCode({ postalCode: flashed.postalCode, townIndex: flashed.town })
      : null
    return inertia.render('member/profile', presentMemberProfile(account, changes, lookup))
  }

  async updateName(ctx: HttpContext) {
    const values = await validateForm(ctx, profileNameValidator)
    return this.apply(ctx, values, '氏名・フリガナ')
  }

  async updateAddress(ctx: HttpContext) {
    const { postalCode, prefecture, addressLine, building } = await validateForm(
      ctx,
      profileAddressValidator
    )
    const address = composeAddress({ prefecture, line: addressLine, building: building ?? '' })
    return this.apply(ctx, { postalCode, address }, '郵便番号・住所')
  }

  /**
   * 住所を検索 without JavaScript: the form comes back with the prefecture and town filled in
   * (or the choice of towns, or the reason next to the 〒); nothing is saved.
   */
  async lookupAddress(ctx: HttpContext) {
    const { postalCode, town } = await validateForm(ctx, addressLookupValidator)
    const outcome = addressFromPostalCode({ postalCode, townIndex: town })
    const view = presentAddressLookup(outcome)
    ctx.session.flash('old', filledAddressForm(typedInput(ctx), view))
    if (outcome.status === 'found') {
      ctx.session.flash('addressLookup', {
        postalCode: outcome.postalCode,
        town: town ?? null,
      } satisfies FlashedLookup)
    } else {
      ctx.session.flashErrors({ postalCode: view.message })
    }
    return ctx.response.redirect().toPath(`${routeUrl('member.profile.show')}#change-address`)
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
