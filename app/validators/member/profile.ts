import vine from '@vinejs/vine'
import {
  filledRule,
  japaneseMessages,
  kanaRule,
  phoneRule,
  postalCodeRule,
  POSTAL_CODE_MESSAGE,
} from '#validators/japanese_rules'
import { PREFECTURES } from '#domain/common/postal_codes'
import { normalizeAddress, normalizeName } from '#domain/members/profile_changes'

/** 個人情報変更: one form per group (改姓, 住所, 電話番号). Values come out normalised. */
export const profileNameValidator = vine.compile(
  vine.object({
    name: vine.string().trim().use(filledRule()).maxLength(50).transform(normalizeName),
    nameKana: vine.string().trim().use(filledRule()).maxLength(50).use(kanaRule()),
  })
)
profileNameValidator.messagesProvider = japaneseMessages({ name: '氏名', nameKana: 'フリガナ' })

/**
 * 住所の変更: 〒 and the address in three parts (都道府県 / 市区町村・番地 / 建物名・部屋番号),
 * which the controller composes into the one stored address (profile_address.ts). The parts'
 * limits add up to the 200 characters the address always had.
 */
export const profileAddressValidator = vine.compile(
  vine.object({
    postalCode: vine.string().trim().use(postalCodeRule()),
    prefecture: vine
      .string()
      .trim()
      .in([...PREFECTURES]),
    addressLine: vine.string().trim().use(filledRule()).maxLength(100).transform(normalizeAddress),
    building: vine.string().trim().maxLength(95).transform(normalizeAddress).optional(),
  })
)
profileAddressValidator.messagesProvider = japaneseMessages(
  {
    postalCode: '郵便番号',
    prefecture: '都道府県',
    addressLine: '市区町村・番地',
    building: '建物名・部屋番号',
  },
  { 'prefecture.required': '都道府県を選んでください。' }
)

/**
 * 住所を検索 without JavaScript: the 〒 as typed (the lookup normalises it and says what is
 * wrong) and, after a list of several towns, the number of the chosen one.
 */
export const addressLookupValidator = vine.compile(
  vine.object({
    postalCode: vine.string().trim().maxLength(20),
    town: vine.number().withoutDecimals().min(0).optional(),
  })
)
addressLookupValidator.messagesProvider = japaneseMessages(
  { postalCode: '郵便番号', town: '町域' },
  { 'postalCode.maxLength': POSTAL_CODE_MESSAGE }
)

export const profilePhoneValidator = vine.compile(
  vine.object({
    phone: vine.string().trim().use(phoneRule()),
  })
)
profilePhoneValidator.messagesProvider = japaneseMessages({ phone: '電話番号' })
