import factory from '@adonisjs/lucid/factories'
import { transaction } from '#services/transaction'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Statement from '#models/statement'
import StatementLine from '#models/statement_line'
import ImportBatch from '#models/import_batch'
import BillingMonth from '#models/billing_month'
import type Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { fake, taxRateForCategory } from '#database/factories/japanese_fake'
import { BUSINESS_ZONE, nowInJapan } from '#domain/common/clock'

function lastBillingMonth(): string {
  return nowInJapan().minus({ months: 1 }).toFormat('yyyy-MM')
}

/**
 * A statement line: a random catalogue purchase (amount = quantity × unit
 * price). `lineNumber` defaults to the next number in its statement.
 */
export const StatementLineFactory = factory
  .define(StatementLine, () => {
    const item = fake.catalogueItem()
    const quantity = fake.int(1, item.maxQuantity)
    const month = DateTime.fromFormat(lastBillingMonth(), 'yyyy-MM', { zone: BUSINESS_ZONE })
    return {
      lineDate: month.set({ day: fake.int(1, 28) }),
      category: item.category,
      itemName: item.itemName,
      quantity,
      unitPrice: item.unitPrice,
      amount: item.unitPrice * quantity,
      taxRate: item.taxRate,
    }
  })
  .before('create', async (_, row, ctx) => {
    if (row.lineNumber === undefined || row.lineNumber === null) {
      const result = await ctx
        .$trx!.from('statement_lines')
        .where('statement_id', row.statementId)
        .max('line_number as last')
        .first()
      row.lineNumber = Number(result?.last ?? 0) + 1
    }
  })
  .build()

/**
 * A statement for last month (no lines, total 0) in a new committed batch.
 * NOT visible to members by itself: use createPublishedStatement for that.
 * Lines created with `.with('lines', n)` are summed into total/line_count.
 */
export const StatementFactory = factory
  .define(Statement, () => ({
    billingMonth: lastBillingMonth(),
    totalAmount: 0,
    lineCount: 0,
  }))
  .before('create', async (_, row, ctx) => {
    if (!row.importBatchId) {
      const batch = await ImportBatch.create(
        committedBatchAttributes('statements', row.billingMonth),
        { client: ctx.$trx }
      )
      row.importBatchId = batch.id
    }
  })
  .after('create', async (_, row, ctx) => {
    const totals = await ctx
      .$trx!.from('statement_lines')
      .where('statement_id', row.id)
      .sum('amount as total')
      .count('* as lines')
      .first()
    const lines = Number(totals?.lines ?? 0)
    if (lines > 0) {
      row.totalAmount = Number(totals?.total ?? 0)
      row.lineCount = lines
      await row.save()
    }
  })
  .relation('member', () => MemberFactory)
  .relation('lines', () => StatementLineFactory)
  .build()

export interface PublishedLineInput {
  /** A DateTime or 'yyyy-MM-dd'; defaults to a day in the billing month. */
  lineDate?: DateTime | string
  category?: string
  itemName?: string
  quantity?: number
  unitPrice?: number
  /** Defaults to quantity × unitPrice. */
  amount?: number
  /** Defaults to 8 for 食品, 0 for 保険, 10 otherwise. */
  taxRate?: number
}

type MemberRef = Member | { id: number } | number

/**
 * Creates a statement that the member can see (if their registration allows):
 * it goes into the batch billing_months points at for that month (creating a
 * committed batch and the pointer when the month has none), so several calls
 * for one month share one batch, like a real import. A second call for the
 * same member and month appends the lines to that statement.
 *
 *   await createPublishedStatement({ member, billingMonth: '2026-10', lines: [
 *     { category: '食品', itemName: '牛乳', quantity: 2, unitPrice: 238 },
 *     { category: '返品', itemName: '牛乳（返品）', quantity: -1, unitPrice: 238 },
 *   ] })
 *
 * Without `lines`, five random catalogue lines are made.
 */
export async function createPublishedStatement(options: {
  member: MemberRef
  billingMonth: string
  lines?: PublishedLineInput[]
  /** Debit details of the statement (as the optional import columns give them). */
  debit?: {
    date?: string | null
    bankName?: string | null
    branchName?: string | null
    accountType?: string | null
    accountLast4?: string | null
  }
  trx?: TransactionClientContract
}): Promise<{ batch: ImportBatch; statement: Statement; lines: StatementLine[] }> {
  const { billingMonth } = options
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(billingMonth)) {
    throw new Error(`billingMonth must be 'YYYY-MM', got '${billingMonth}'`)
  }
  const memberId = typeof options.member === 'number' ? options.member : options.member.id
  const month = DateTime.fromFormat(billingMonth, 'yyyy-MM', { zone: BUSINESS_ZONE })

  const lineRows = (options.lines ?? fake.statementLines(billingMonth, 5)).map((input, index) => {
    const category = input.category ?? '食品'
    const quantity = input.quantity ?? 1
    const unitPrice =
      input.unitPrice ??
      (input.amount !== undefined ? Math.round(input.amount / (quantity || 1)) : 500)
    const lineDate =
      input.lineDate === undefined
        ? month.set({ day: Math.min(index + 1, 28) })
        : typeof input.lineDate === 'string'
          ? DateTime.fromISO(input.lineDate, { zone: BUSINESS_ZONE })
          : input.lineDate
    return {
      lineDate,
      category,
      itemName: input.itemName ?? `${category}の商品`,
      quantity,
      unitPrice,
      amount: input.amount ?? quantity * unitPrice,
      taxRate: input.taxRate ?? taxRateForCategory(category),
    }
  })

  const run = async (trx: TransactionClientContract) => {
    const pointer = await BillingMonth.find(billingMonth, { client: trx })
    let batch = pointer?.activeBatchId
      ? await ImportBatch.find(pointer.activeBatchId, { client: trx })
      : null
    if (!batch) {
      batch = await ImportBatch.create(committedBatchAttributes('statements', billingMonth), {
        client: trx,
      })
      await BillingMonth.updateOrCreate(
        { billingMonth },
        { activeBatchId: batch.id },
        { client: trx }
      )
    }

    let statement = await Statement.query({ client: trx })
      .where('import_batch_id', batch.id)
      .where('member_id', memberId)
      .first()
    const isNewStatement = !statement
    if (!statement) {
      const debit = options.debit
      statement = await Statement.create(
        {
          importBatchId: batch.id,
          memberId,
          billingMonth,
          totalAmount: 0,
          lineCount: 0,
          ...(debit
            ? {
                debitDate: debit.date ? DateTime.fromISO(debit.date) : null,
                debitBankName: debit.bankName ?? null,
                debitBranchName: debit.branchName ?? null,
                debitAccountType: debit.accountType ?? null,
                debitAccountLast4: debit.accountLast4 ?? null,
              }
            : {}),
        },
        { client: trx }
      )
    }

    const firstNumber = statement.lineCount + 1
    const lines = await StatementLine.createMany(
      lineRows.map((line, index) => ({
        ...line,
        statementId: statement.id,
        lineNumber: firstNumber + index,
      })),
      { client: trx }
    )
    const added = lineRows.reduce((sum, line) => sum + line.amount, 0)

    statement.totalAmount += added
    statement.lineCount += lineRows.length
    await statement.useTransaction(trx).save()

    batch.rowCount += lineRows.length
    batch.memberCount += isNewStatement ? 1 : 0
    batch.totalAmount += added
    batch.progressDone = batch.rowCount
    batch.progressTotal = batch.rowCount
    await batch.useTransaction(trx).save()

    return { batch, statement, lines }
  }

  return options.trx ? run(options.trx) : transaction(run)
}
