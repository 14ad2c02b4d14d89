import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { rawLinesOf, scanFile } from '#imports/rows'
import { MAX_STORED_ERRORS, type KindPipeline } from '#imports/pipeline'
import {
  duplicateLineMessage,
  statementSchema,
  StatementTotalsCounter,
  type StatementTotals,
} from '#imports/kinds/statements'
import { StatementWriter, withRawConnection } from '#imports/write'
import { dbTimestamp } from '#domain/common/db_time'
import {
  cancelStatementNotifications,
  queueStatementNotifications,
} from '#domain/statements/statement_notifications'

export async function memberIdsByNumber(client: QueryClientContract): Promise<Map<string, number>> {
  const rows = await client.from('members').select('id', 'member_number')
  const map = new Map<string, number>()
  for (const row of rows) map.set(String(row.member_number), Number(row.id))
  return map
}

export function previousMonth(billingMonth: string): string {
  return DateTime.fromFormat(billingMonth, 'yyyy-MM').minus({ months: 1 }).toFormat('yyyy-MM')
}

/** Totals of what members currently see for a month (by category and tax rate). */
export async function activeMonthTotals(
  client: QueryClientContract,
  billingMonth: string
): Promise<(StatementTotals & { batchId: number }) | null> {
  const pointer = await client
    .from('billing_months')
    .where('billing_month', billingMonth)
    .select('active_batch_id')
    .first()
  const batchId = pointer?.active_batch_id ? Number(pointer.active_batch_id) : null
  if (!batchId) return null
  const statements = client.from('statements').where('import_batch_id', batchId).select('id')
  const byCategory = await client
    .from('statement_lines')
    .whereIn('statement_id', statements)
    .groupBy('category')
    .select('category')
    .count('* as rows')
    .sum('amount as amount')
  const byTax = await client
    .from('statement_lines')
    .whereIn('statement_id', statements)
    .groupBy('tax_rate')
    .select('tax_rate')
    .count('* as rows')
    .sum('amount as amount')
  const members = await client
    .from('statements')
    .where('import_batch_id', batchId)
    .count('* as members')
    .first()
  const result: StatementTotals & { batchId: number } = {
    batchId,
    rows: 0,
    members: Number(members?.members ?? 0),
    totalAmount: 0,
    byCategory: {},
    byTaxRate: {},
  }
  for (const row of byCategory) {
    const entry = { rows: Number(row.rows), amount: Number(row.amount ?? 0) }
    result.byCategory[String(row.category)] = entry
    result.rows += entry.rows
    result.totalAmount += entry.amount
  }
  for (const row of byTax) {
    result.byTaxRate[String(row.tax_rate)] = {
      rows: Number(row.rows),
      amount: Number(row.amount ?? 0),
    }
  }
  return result
}

export const statementsPipeline: KindPipeline = {
  lockKey: (batch) => `imports:statements:${batch.period}`,

  async validate(ctx) {
    const billingMonth = ctx.batch.period!
    // Lucid queries first: on SQLite the writer then holds the only pooled connection.
    const memberIds = await memberIdsByNumber(ctx.client)
    const previous = await activeMonthTotals(ctx.client, previousMonth(billingMonth))
    const current = await activeMonthTotals(ctx.client, billingMonth)
    const totals = new StatementTotalsCounter()
    const schema = statementSchema({ billingMonth, memberIds })
    let errors = 0
    const scan = await withRawConnection(ctx.client, async (raw) => {
      const writer = StatementWriter.for(raw, ctx.batch.id, billingMonth)
      let bytes = 0
      const scanned = scanFile({
        path: ctx.path,
        encoding: ctx.encoding,
        schema,
        onBytes: (read) => (bytes = read),
        onError: (error) => {
          errors++
          ctx.onError(error)
        },
        onRows: async (rows) => {
          for (const row of rows) totals.add(row)
          // Staged even once a row is wrong (the batch can then never be committed): the
          // duplicate lines are found among the staged rows.
          await writer.write(rows)
          // SQLite: through the writer's connection (the only one). PostgreSQL: through the
          // pool, outside the import's transaction, so it is visible while it runs.
          // (In tests the pool connection is the import's own: no report while it copies.)
          if (!(raw.pg && raw.nested)) await ctx.progress(bytes, raw.sqlite ? raw : undefined)
        },
      })
      try {
        const result = await scanned
        const duplicates = await writer.duplicates(MAX_STORED_ERRORS)
        if (duplicates.count) {
          // Each later copy of a line is a row error naming the first one, not a row.
          for (const added of duplicates.added) {
            totals.remove(added.category, added.taxRate, added.rows, added.amount)
          }
          const rawLines = await rawLinesOf(
            ctx.path,
            ctx.encoding,
            new Set(duplicates.lines.map((d) => d.line))
          )
          for (const duplicate of duplicates.lines) {
            ctx.onError({
              line: duplicate.line,
              column: null,
              message: duplicateLineMessage(duplicate.first),
              raw: rawLines.get(duplicate.line) ?? null,
            })
          }
          ctx.countErrors(duplicates.count - duplicates.lines.length)
          errors += duplicates.count
        }
        // A file with errors is never committed: drop what was staged.
        if (errors === 0) await writer.finish()
        else await writer.abort()
        return result
      } catch (error) {
        await writer.abort()
        throw error
      }
    })
    const result = totals.result()
    return {
      scan,
      rowCount: scan.records,
      memberCount: result.members,
      totalAmount: result.totalAmount,
      summary: { totals: result, previous, previousMonth: previousMonth(billingMonth), current },
    }
  },

  async stagedRows(batch, client) {
    const row = await client
      .from('statements')
      .where('import_batch_id', batch.id)
      .sum('line_count as lines')
      .first()
    return Number(row?.lines ?? 0)
  },

  /**
   * Moves the month's pointer and, in the same transaction, queues the 「請求明細を掲載しました」
   * mails (one INSERT ... SELECT): they exist exactly when the month is published.
   */
  async publish(batch, trx) {
    const pointer = await trx
      .from('billing_months')
      .where('billing_month', batch.period!)
      .forUpdate()
      .first()
    const now = DateTime.utc()
    let replaced: number | null = null
    if (pointer) {
      await trx
        .from('billing_months')
        .where('billing_month', batch.period!)
        .update({ active_batch_id: batch.id, updated_at: dbTimestamp(now) })
      replaced = pointer.active_batch_id ? Number(pointer.active_batch_id) : null
    } else {
      await trx.table('billing_months').insert({
        billing_month: batch.period!,
        active_batch_id: batch.id,
        updated_at: dbTimestamp(now),
      })
    }
    await queueStatementNotifications({ id: batch.id, billingMonth: batch.period! }, trx, now)
    return replaced
  },

  /** Points the month back and cancels the batch's notifications that have not gone yet. */
  async unpublish(batch, previous, trx) {
    await trx
      .from('billing_months')
      .where('billing_month', batch.period!)
      .where('active_batch_id', batch.id)
      .update({ active_batch_id: previous, updated_at: dbTimestamp() })
    await cancelStatementNotifications({ id: batch.id, billingMonth: batch.period! }, trx)
  },

  async purge(batchId, client) {
    await client
      .from('statement_lines')
      .whereIn(
        'statement_id',
        client.from('statements').where('import_batch_id', batchId).select('id')
      )
      .delete()
    await client.from('statements').where('import_batch_id', batchId).delete()
  },

  async isActive(batch, client) {
    const pointer = await client
      .from('billing_months')
      .where('billing_month', batch.period!)
      .select('active_batch_id')
      .first()
    return Number(pointer?.active_batch_id ?? 0) === batch.id
  },
}
