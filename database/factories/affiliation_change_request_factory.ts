import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { SCHOOL_AFFILIATIONS, fake } from '#database/factories/japanese_fake'
import { fiscalYearOf, todayInJapan } from '#domain/common/clock'

export const AFFILIATION_CHANGE_REASONS = [
  '4月1日付の人事異動のため',
  '産休・育休からの復帰に伴い勤務校が変わりました。',
  '県外の学校から転入したため',
  '教育庁への出向のため',
] as const

/**
 * Affiliation change requests (所属変更申請): pending, to a school named in free
 * text (merge `requestedAffiliationId` or use `.with('requestedAffiliation')`
 * for a known one), effective next April 1.
 * States: `approved`, `rejected` (set decidedAt and a note; merge decidedByStaffId).
 */
export const AffiliationChangeRequestFactory = factory
  .define(AffiliationChangeRequest, () => {
    const nextApril = DateTime.fromObject(
      { year: fiscalYearOf(todayInJapan()) + 1, month: 4, day: 1 },
      { zone: todayInJapan().zone }
    )
    return {
      fromAffiliationId: null,
      requestedAffiliationId: null,
      requestedAffiliationText: fake.pick(SCHOOL_AFFILIATIONS).name,
      effectiveOn: nextApril,
      reason: fake.pick(AFFILIATION_CHANGE_REASONS),
      status: 'pending' as const,
      decidedByStaffId: null,
      decidedAt: null,
      decisionNote: null,
    }
  })
  .state('approved', (row) => {
    row.status = 'approved'
    row.decidedAt ??= DateTime.utc().startOf('second')
    row.decisionNote ??= '承認しました。'
  })
  .state('rejected', (row) => {
    row.status = 'rejected'
    row.decidedAt ??= DateTime.utc().startOf('second')
    row.decisionNote ??= '異動の発令が確認できませんでした。発令後に改めて申請してください。'
  })
  .relation('member', () => MemberFactory)
  .relation('requestedAffiliation', () => AffiliationFactory)
  .relation('fromAffiliation', () => AffiliationFactory)
  .build()
