import type AuditLog from '#models/audit_log'
import { todayInJapan } from '#domain/common/clock'
import { countUpTo } from '#domain/common/bounded_pages'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import {
  AUDIT_EXPORT_LIMIT,
  auditLogChunks,
  auditLogQuery,
  loadAuditActors,
  type AuditActors,
  type AuditLogFilters,
} from '#domain/audit/audit_log_search'
import type { CsvCell, CsvEncoding } from '#documents/csv'
import { writeCsvExport, type CsvExportFile } from '#documents/csv_export'

/** How the page's presenter turns a chunk of entries into CSV rows (the same labels as the list). */
export interface AuditCsvLayout {
  header: string[]
  rows: (entries: AuditLog[], actors: AuditActors) => CsvCell[][]
}

/**
 * 監査ログの出力: the filtered entries as CSV, at most AUDIT_EXPORT_LIMIT of them (more is
 * refused before anything is written), streamed chunk by chunk, the export itself audited.
 */
export async function exportAuditLog(input: {
  filters: AuditLogFilters
  encoding: CsvEncoding
  staffUserId: number
  origin: RequestOrigin
  layout: AuditCsvLayout
}): Promise<{ status: 'too_many' } | { status: 'written'; file: CsvExportFile }> {
  const { filters, layout } = input
  if ((await countUpTo(auditLogQuery(filters), AUDIT_EXPORT_LIMIT + 1)) > AUDIT_EXPORT_LIMIT) {
    return { status: 'too_many' }
  }
  // Written whole first: a refused Shift_JIS file is not an export.
  const file = await writeCsvExport({
    filename: `監査ログ_${todayInJapan().toFormat('yyyyLLdd')}.csv`,
    encoding: input.encoding,
    header: layout.header,
    chunks: csvChunks(filters, layout),
  })
  await recordAudit({
    action: 'staff.audit_log.export',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    origin: input.origin,
    details: { count: file.rows, from: filters.from ?? null, to: filters.to ?? null },
  })
  return { status: 'written', file }
}

async function* csvChunks(filters: AuditLogFilters, layout: AuditCsvLayout) {
  for await (const entries of auditLogChunks(filters)) {
    yield layout.rows(entries, await loadAuditActors(entries))
  }
}
