import vine from '@vinejs/vine'
import {
  filledRule,
  japaneseMessages,
  kanaRule,
  phoneRule,
  postalCodeRule,
} from '#validators/japanese_rules'
import { normalizeAddress, normalizeName } from '#domain/members/profile_changes'

/** 個人情報変更: one form per group (改姓, 住所, 電話番号). Values come out normalised. */
export const profileNameValidator = vine.compile(
  vine.object({
    name: vine.string().trim().use(filledRule()).maxLength(50).transform(normalizeName),
    nameKana: vine.string().trim().use(filledRule()).maxLength(50).use(kanaRule()),
  })
)
profileNameValidator.messagesProvider = japaneseMessages({ name: '氏名', nameKana: 'フリガナ' })

export const profileAddressValidator = vine.compile(
  vine.object({
    postalCode: vine.string().trim().use(postalCodeRule()),
    address: vine.string().trim().use(filledRule()).maxLength(200).transform(normalizeAddress),
  })
)
profileAddressValidator.messagesProvider = japaneseMessages({
  postalCode: '郵便番号',
  address: '住所',
})

export const profilePhoneValidator = vine.compile(
  vine.object({
    phone: vine.string().trim().use(phoneRule()),
  })
)
profilePhoneValidator.messagesProvider = japaneseMessages({ phone: '電話番号' })
