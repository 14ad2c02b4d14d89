import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import ImportBatch, { type ImportKind } from '#models/import_batch'
import { fake } from '#database/factories/japanese_fake'
import { nowInJapan } from '#domain/common/clock'

/** The file name the core system gives each kind of export. */
export function importFileName(kind: ImportKind, period: string | null): string {
  switch (kind) {
    case 'statements':
      return `請求明細_${period}.csv`
    case 'contribution_reports':
      return `出資報告_${period}年度.csv`
    case 'members':
      return `組合員マスタ_${nowInJapan().toFormat('yyyyMMdd')}.csv`
  }
}

/** Attributes of a committed batch with every counter at zero (callers add their rows). */
export function committedBatchAttributes(kind: ImportKind, period: string | null) {
  const at = DateTime.utc().startOf('second')
  return {
    kind,
    period,
    status: 'committed' as const,
    originalFileName: importFileName(kind, period),
    storedFileName: null,
    fileSha256: fake.hex(64),
    fileSize: 0,
    encoding: 'utf-8',
    rowCount: 0,
    errorCount: 0,
    memberCount: 0,
    totalAmount: 0,
    summaryJson: null,
    progressDone: 0,
    progressTotal: 0,
    failureMessage: null,
    createdByStaffId: null,
    validatedAt: at,
    committedAt: at,
    rolledBackAt: null,
  }
}

/**
 * Import batches: a committed statements batch for last month by default.
 * Creating a batch does NOT publish it; billing_months / contribution_report_years
 * decide what members see (see createPublishedStatement).
 * States: `contributionReports`, `members`, `validated`, `invalid`, `rolledBack`.
 */
export const ImportBatchFactory = factory
  .define(ImportBatch, () =>
    committedBatchAttributes('statements', nowInJapan().minus({ months: 1 }).toFormat('yyyy-MM'))
  )
  .state('contributionReports', (row) => {
    const year = String(nowInJapan().year - 1)
    row.kind = 'contribution_reports'
    row.period = year
    row.originalFileName = importFileName('contribution_reports', year)
  })
  .state('members', (row) => {
    row.kind = 'members'
    row.period = null
    row.originalFileName = importFileName('members', null)
  })
  .state('validated', (row) => {
    row.status = 'validated'
    row.committedAt = null
  })
  .state('invalid', (row) => {
    row.status = 'invalid'
    row.committedAt = null
    row.errorCount = Math.max(1, row.errorCount)
  })
  .state('rolledBack', (row) => {
    row.status = 'rolled_back'
    row.rolledBackAt = DateTime.utc().startOf('second')
  })
  .build()
