import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { KindPipeline } from '#imports/pipeline'
import { rowsStagedIn, scanIntoTable } from '#imports/stage_rows'
import { contributionReportSchema } from '#imports/kinds/contribution_reports'
import { memberIdsByNumber } from '#imports/kinds/statements_pipeline'
import { dbTimestamp } from '#domain/common/db_time'

interface ReportTotals {
  members: number
  amountEnd: number
  dividend: number
  unitsEnd: number
}

async function activeYearTotals(
  client: QueryClientContract,
  fiscalYear: number
): Promise<ReportTotals | null> {
  const pointer = await client
    .from('contribution_report_years')
    .where('fiscal_year', fiscalYear)
    .first()
  if (!pointer?.active_batch_id) return null
  const row = await client
    .from('contribution_reports')
    .where('import_batch_id', pointer.active_batch_id)
    .count('* as members')
    .sum('amount_end as amountEnd')
    .sum('dividend as dividend')
    .sum('units_end as unitsEnd')
    .first()
  return {
    members: Number(row?.members ?? 0),
    amountEnd: Number(row?.amountEnd ?? 0),
    dividend: Number(row?.dividend ?? 0),
    unitsEnd: Number(row?.unitsEnd ?? 0),
  }
}

const COLUMNS = [
  'import_batch_id',
  'member_id',
  'fiscal_year',
  'units_start',
  'amount_start',
  'units_increase',
  'amount_increase',
  'units_decrease',
  'amount_decrease',
  'units_end',
  'amount_end',
  'dividend',
]

/** Contribution reports: one fiscal year per batch, switched like statements. */
export const contributionReportsPipeline: KindPipeline = {
  lockKey: (batch) => `imports:contribution_reports:${batch.period}`,

  async validate(ctx) {
    const fiscalYear = Number(ctx.batch.period)
    const memberIds = await memberIdsByNumber(ctx.client)
    const previous = await activeYearTotals(ctx.client, fiscalYear - 1)
    const current = await activeYearTotals(ctx.client, fiscalYear)
    const seenMembers = new Map<number, number>()
    const schema = contributionReportSchema({ fiscalYear, memberIds, seenMembers })
    const totals: ReportTotals = { members: 0, amountEnd: 0, dividend: 0, unitsEnd: 0 }
    const scan = await scanIntoTable(ctx, {
      schema,
      table: 'contribution_reports',
      columns: COLUMNS,
      values: (r) => [
        ctx.batch.id,
        r.memberId,
        fiscalYear,
        r.unitsStart,
        r.amountStart,
        r.unitsIncrease,
        r.amountIncrease,
        r.unitsDecrease,
        r.amountDecrease,
        r.unitsEnd,
        r.amountEnd,
        r.dividend,
      ],
      count: (row) => {
        totals.members++
        totals.amountEnd += row.amountEnd
        totals.dividend += row.dividend
        totals.unitsEnd += row.unitsEnd
      },
    })
    return {
      scan,
      rowCount: scan.records,
      memberCount: totals.members,
      totalAmount: totals.amountEnd,
      summary: { reports: totals, previous, current, previousYear: fiscalYear - 1 },
    }
  },

  stagedRows: (batch, client) => rowsStagedIn('contribution_reports', batch.id, client),

  async publish(batch, trx) {
    const fiscalYear = Number(batch.period)
    const pointer = await trx
      .from('contribution_report_years')
      .where('fiscal_year', fiscalYear)
      .forUpdate()
      .first()
    if (pointer) {
      await trx
        .from('contribution_report_years')
        .where('fiscal_year', fiscalYear)
        .update({ active_batch_id: batch.id, updated_at: dbTimestamp() })
      return pointer.active_batch_id ? Number(pointer.active_batch_id) : null
    }
    await trx.table('contribution_report_years').insert({
      fiscal_year: fiscalYear,
      active_batch_id: batch.id,
      updated_at: dbTimestamp(),
    })
    return null
  },

  async unpublish(batch, previous, trx) {
    await trx
      .from('contribution_report_years')
      .where('fiscal_year', Number(batch.period))
      .where('active_batch_id', batch.id)
      .update({ active_batch_id: previous, updated_at: dbTimestamp() })
  },

  async purge(batchId, client) {
    await client.from('contribution_reports').where('import_batch_id', batchId).delete()
  },

  async isActive(batch, client) {
    const pointer = await client
      .from('contribution_report_years')
      .where('fiscal_year', Number(batch.period))
      .first()
    return Number(pointer?.active_batch_id ?? 0) === batch.id
  },
}
