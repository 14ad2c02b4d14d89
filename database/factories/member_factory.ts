import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import Member from '#models/member'
import MemberAccount from '#models/member_account'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import {
  FACTORY_MEMBER_PASSWORD,
  MemberAccountFactory,
} from '#database/factories/member_account_factory'
import { ContributionBalanceFactory } from '#database/factories/contribution_balance_factory'
import { InquiryFactory } from '#database/factories/inquiry_factory'
import { AffiliationChangeRequestFactory } from '#database/factories/affiliation_change_request_factory'
import { fake, uniqueMemberNumber } from '#database/factories/japanese_fake'
import { fiscalYearOf, todayInJapan } from '#domain/common/clock'
import { refundDateFor } from '#domain/members/withdrawal'
import { issueInitialPassword } from '#domain/auth/initial_passwords'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ExtractFactoryAttributes } from '@adonisjs/lucid/types/factory'

/**
 * Members (組合員): an active member with a unique 7-digit number, Japanese
 * name + kana, a Fukui address, digits-only phone and postal code, no
 * affiliation (use `.with('affiliation')` or merge `affiliationId`).
 *
 * States (they keep a `withdrawalAcceptedOn` you merged and derive the rest):
 * - `retired`            category 'retired' (退職)
 * - `withdrawalPending`  withdrawal accepted recently; refund date (refundDateFor) still ahead
 * - `withdrawn`          accepted in the previous fiscal year; refund date passed: log-in refused
 */
export const MemberFactory = factory
  .define(Member, () => {
    const today = todayInJapan()
    const person = fake.person()
    const { postalCode, address } = fake.address()
    return {
      memberNumber: uniqueMemberNumber(),
      name: person.name,
      nameKana: person.nameKana,
      birthDate: fake.birthDate(24, 60, today),
      phone: fake.phone(),
      postalCode,
      address,
      affiliationId: null,
      category: 'active' as const,
      joinedOn: fake.dateBetween(today.minus({ years: 15 }), today.minus({ years: 1 })),
      withdrawalAcceptedOn: null,
      refundOn: null,
    }
  })
  .state('retired', (row) => {
    row.category = 'retired'
  })
  .state('withdrawalPending', (row) => {
    const today = todayInJapan()
    let acceptedOn = row.withdrawalAcceptedOn
    if (!acceptedOn) {
      acceptedOn = today.minus({ days: 10 })
      // Stay in the current fiscal year, so the refund (March 31) is still ahead.
      if (fiscalYearOf(acceptedOn) !== fiscalYearOf(today)) {
        acceptedOn = today.set({ month: 4, day: 1 })
      }
      // On March 31 itself every acceptance of this fiscal year is refunded today.
      if (refundDateFor(acceptedOn) <= today) {
        acceptedOn = today.plus({ days: 1 })
      }
    }
    row.withdrawalAcceptedOn = acceptedOn
    row.refundOn = refundDateFor(acceptedOn)
  })
  .state('withdrawn', (row) => {
    const today = todayInJapan()
    // Accepted in the previous fiscal year: refunded on the March 31 before today.
    const acceptedOn = row.withdrawalAcceptedOn ?? today.minus({ years: 1, days: 10 })
    row.withdrawalAcceptedOn = acceptedOn
    row.refundOn = refundDateFor(acceptedOn)
  })
  .relation('affiliation', () => AffiliationFactory)
  .relation('account', () => MemberAccountFactory)
  .relation('contributionBalance', () => ContributionBalanceFactory)
  .relation('inquiries', () => InquiryFactory)
  .relation('affiliationChangeRequests', () => AffiliationChangeRequestFactory)
  .build()

type MemberStates = 'retired' | 'withdrawalPending' | 'withdrawn'

/**
 * A registered member ready to log in: returns the member (account and
 * affiliation loaded) and the plain password.
 *
 *   const { member, account, password } = await createRegisteredMember({ email: 'a@example.jp' })
 */
export async function createRegisteredMember(
  options: {
    email?: string
    password?: string
    registeredAt?: DateTime
    member?: ExtractFactoryAttributes<typeof Member>
    states?: MemberStates[]
    withAffiliation?: boolean
  } = {}
) {
  const password = options.password ?? FACTORY_MEMBER_PASSWORD
  let builder = MemberFactory.merge(options.member ?? {})
  if (options.states?.length) builder = builder.apply(...options.states)
  if (options.withAffiliation !== false) builder = builder.with('affiliation')
  const member = await builder
    .with('account', 1, (account) => {
      account.apply('registered').merge({
        password,
        ...(options.email ? { email: options.email.toLowerCase() } : {}),
        ...(options.registeredAt ? { registeredAt: options.registeredAt } : {}),
      })
    })
    .create()
  await member.load('account')
  if (member.affiliationId) await member.load('affiliation')
  return { member, account: member.account as MemberAccount, password }
}

/**
 * A member who has not registered yet, with a current initial password
 * (encrypted through issueInitialPassword). Returns the plain initial password.
 */
export async function createUnregisteredMember(
  options: {
    initialPassword?: string
    member?: ExtractFactoryAttributes<typeof Member>
    states?: MemberStates[]
    withAffiliation?: boolean
    trx?: TransactionClientContract
  } = {}
) {
  let builder = MemberFactory.merge(options.member ?? {})
  if (options.states?.length) builder = builder.apply(...options.states)
  if (options.withAffiliation !== false) builder = builder.with('affiliation')
  if (options.trx) builder = builder.client(options.trx)
  const member = await builder
    .with('account', 1, (account) => account.apply('unregistered'))
    .create()
  const initialPassword = await issueInitialPassword(member.id, {
    value: options.initialPassword,
    trx: options.trx,
  })
  if (options.trx) member.useTransaction(options.trx)
  await member.load('account')
  if (member.affiliationId) await member.load('affiliation')
  return { member, account: member.account as MemberAccount, initialPassword }
}
