import factory from '@adonisjs/lucid/factories'
import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ContributionBalance from '#models/contribution_balance'
import ContributionEvent from '#models/contribution_event'
import ContributionReport from '#models/contribution_report'
import ContributionReportYear from '#models/contribution_report_year'
import ImportBatch from '#models/import_batch'
import type Member from '#models/member'
import { fake } from '#database/factories/japanese_fake'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { todayInJapan } from '#domain/common/clock'

/** One contribution unit (口) is 1,000 yen. */
export const YEN_PER_UNIT = 1000

/**
 * A member's current contribution (出資): 1–30 units, amount = units × 1,000円.
 * Merging only `units` recomputes `amount`. Needs `memberId`: merge it or use
 * `MemberFactory.with('contributionBalance')`.
 */
export const ContributionBalanceFactory = factory
  .define(ContributionBalance, () => {
    const units = fake.int(1, 30)
    return { units, amount: units * YEN_PER_UNIT }
  })
  .merge((row, attributes) => {
    row.merge(attributes)
    if (attributes.units !== undefined && attributes.amount === undefined) {
      row.amount = row.units * YEN_PER_UNIT
    }
  })
  .build()

/** A contribution history entry (join by default: 10 units on a past date). */
export const ContributionEventFactory = factory
  .define(ContributionEvent, () => ({
    occurredOn: fake.dateBetween(
      todayInJapan().minus({ years: 10 }),
      todayInJapan().minus({ years: 1 })
    ),
    kind: 'join' as const,
    unitsDelta: 10,
    amountDelta: 10 * YEN_PER_UNIT,
    unitsAfter: 10,
    amountAfter: 10 * YEN_PER_UNIT,
    note: '加入',
  }))
  .build()

type MemberRef = Member | { id: number } | number

function memberIdOf(member: MemberRef): number {
  return typeof member === 'number' ? member : member.id
}

export interface ContributionReportInput {
  unitsStart?: number
  unitsIncrease?: number
  unitsDecrease?: number
  dividend?: number
}

/**
 * Creates a member's annual contribution report (出資報告) for `fiscalYear` and
 * makes it the one members see: it reuses the batch contribution_report_years
 * points at for that year (or creates a committed batch and the pointer).
 */
export async function createPublishedContributionReport(options: {
  member: MemberRef
  fiscalYear: number
  report?: ContributionReportInput
  trx?: TransactionClientContract
}) {
  const run = async (trx: TransactionClientContract) => {
    const memberId = memberIdOf(options.member)
    const unitsStart = options.report?.unitsStart ?? 10
    const unitsIncrease = options.report?.unitsIncrease ?? 0
    const unitsDecrease = options.report?.unitsDecrease ?? 0
    const unitsEnd = unitsStart + unitsIncrease - unitsDecrease
    const amountStart = unitsStart * YEN_PER_UNIT
    const dividend = options.report?.dividend ?? Math.floor(amountStart * 0.01)

    const pointer = await ContributionReportYear.find(options.fiscalYear, { client: trx })
    let batch = pointer?.activeBatchId
      ? await ImportBatch.find(pointer.activeBatchId, { client: trx })
      : null
    if (!batch) {
      batch = await ImportBatch.create(
        committedBatchAttributes('contribution_reports', String(options.fiscalYear)),
        { client: trx }
      )
      await ContributionReportYear.updateOrCreate(
        { fiscalYear: options.fiscalYear },
        { activeBatchId: batch.id },
        { client: trx }
      )
    }

    const report = await ContributionReport.create(
      {
        importBatchId: batch.id,
        memberId,
        fiscalYear: options.fiscalYear,
        unitsStart,
        amountStart,
        unitsIncrease,
        amountIncrease: unitsIncrease * YEN_PER_UNIT,
        unitsDecrease,
        amountDecrease: unitsDecrease * YEN_PER_UNIT,
        unitsEnd,
        amountEnd: unitsEnd * YEN_PER_UNIT,
        dividend,
      },
      { client: trx }
    )
    batch.rowCount += 1
    batch.memberCount += 1
    batch.totalAmount += unitsEnd * YEN_PER_UNIT
    batch.progressDone = batch.rowCount
    batch.progressTotal = batch.rowCount
    await batch.useTransaction(trx).save()
    return { batch, report }
  }
  return options.trx ? run(options.trx) : transaction(run)
}
