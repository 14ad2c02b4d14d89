import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { profileFieldLabel } from '#domain/members/profile_changes'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { CsvCell, CsvEncoding } from '#documents/csv'
import { writeCsvExport, type CsvExportFile } from '#documents/csv_export'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * Change-history export (SPEC "change-history export (CSV)"): members' profile changes whose
 * time falls on the given Japan dates (both included), for the co-op's core system.
 */

export interface ChangeHistoryRange {
  /** Japan calendar dates, both included. */
  from: DateTime
  to: DateTime
}

/** The UTC instants bounding the range: [from 0:00 JST, the day after `to` 0:00 JST). */
export function rangeBounds(range: ChangeHistoryRange) {
  const start = DateTime.fromObject(
    { year: range.from.year, month: range.from.month, day: range.from.day },
    { zone: BUSINESS_ZONE }
  )
  const end = DateTime.fromObject(
    { year: range.to.year, month: range.to.month, day: range.to.day },
    { zone: BUSINESS_ZONE }
  ).plus({ days: 1 })
  return { start: start.toUTC(), end: end.toUTC() }
}

/** The longest range one export covers (a year, leap day included). */
export const CHANGE_HISTORY_MAX_DAYS = 366
/** Rows read from the database per step of an export. */
const EXPORT_CHUNK_ROWS = 2_000

export function rangeProblem(range: ChangeHistoryRange): string | null {
  if (range.to < range.from) return '終了日は開始日と同じか、それより後の日付にしてください。'
  if (range.to.diff(range.from, 'days').days + 1 > CHANGE_HISTORY_MAX_DAYS) {
    return `期間は${CHANGE_HISTORY_MAX_DAYS}日以内にしてください（それより長い期間は分けて出力してください）。`
  }
  return null
}

/** Two validated ISO dates as the range they name. */
export function rangeOf(input: { from: string; to: string }): ChangeHistoryRange {
  return { from: DateTime.fromISO(input.from), to: DateTime.fromISO(input.to) }
}

export type ChangeHistoryPreview =
  | { status: 'counted'; range: ChangeHistoryRange; count: number }
  | { status: 'refused'; problem: string }

/** What the page shows before the download: how many changes the range holds, or why not. */
export async function previewChangeHistory(input: {
  from: string
  to: string
}): Promise<ChangeHistoryPreview> {
  const range = rangeOf(input)
  const problem = rangeProblem(range)
  if (problem) return { status: 'refused', problem }
  return { status: 'counted', range, count: await countChanges(range) }
}

function changesInRange(range: ChangeHistoryRange) {
  const { start, end } = rangeBounds(range)
  return db
    .from('profile_changes')
    .where('profile_changes.created_at', '>=', dbTimestamp(start))
    .where('profile_changes.created_at', '<', dbTimestamp(end))
}

export async function countChanges(range: ChangeHistoryRange): Promise<number> {
  const row = await changesInRange(range).count('* as total').first()
  return Number(row?.total ?? 0)
}

export const CHANGE_HISTORY_HEADER = [
  '組合員番号',
  '氏名',
  '変更項目',
  '変更前',
  '変更後',
  '変更日時',
  '変更者',
]

const ACTOR_LABELS: Record<string, string> = {
  member: '本人',
  staff: '職員',
  import: '取込',
}

/**
 * The CSV rows, oldest first, in chunks: a keyset walk over (created_at, id), so a year of
 * changes never sits in memory at once and each step is an index range read.
 */
export async function* changeHistoryChunks(
  range: ChangeHistoryRange,
  chunkRows = EXPORT_CHUNK_ROWS
): AsyncGenerator<CsvCell[][]> {
  let after: { createdAt: Date | string; id: number } | null = null
  while (true) {
    const query = changesInRange(range)
      .join('members', 'members.id', 'profile_changes.member_id')
      .leftJoin('staff_users', 'staff_users.id', 'profile_changes.changed_by_staff_id')
      .select(
        'profile_changes.id',
        'members.member_number',
        'members.name',
        'profile_changes.field',
        'profile_changes.old_value',
        'profile_changes.new_value',
        'profile_changes.created_at',
        'profile_changes.changed_by_type',
        'staff_users.name as staff_name'
      )
      .orderBy('profile_changes.created_at', 'asc')
      .orderBy('profile_changes.id', 'asc')
      .limit(chunkRows)
    // Row values: one index range read per step (SQLite 3.15+, PostgreSQL).
    if (after) {
      query.whereRaw('(profile_changes.created_at, profile_changes.id) > (?, ?)', [
        after.createdAt,
        after.id,
      ])
    }
    const rows = await query
    if (!rows.length) return
    yield rows.map((row) => [
      row.member_number,
      row.name,
      profileFieldLabel(row.field),
      row.old_value,
      row.new_value,
      formatJapaneseDateTime(timestampOf(row.created_at)),
      row.changed_by_type === 'staff' && row.staff_name
        ? `職員（${row.staff_name}）`
        : (ACTOR_LABELS[row.changed_by_type] ?? row.changed_by_type),
    ])
    if (rows.length < chunkRows) return
    const last = rows[rows.length - 1]
    after = { createdAt: last.created_at, id: Number(last.id) }
  }
}

/** A raw timestamp column: a Date (PostgreSQL) or 'yyyy-MM-dd HH:mm:ss' UTC text (SQLite). */
function timestampOf(value: Date | string): DateTime {
  if (value instanceof Date) return DateTime.fromJSDate(value)
  return DateTime.fromSQL(value, { zone: 'utc' }).isValid
    ? DateTime.fromSQL(value, { zone: 'utc' })
    : DateTime.fromISO(value, { zone: 'utc' })
}

/**
 * 変更履歴出力: the range's changes as CSV, streamed chunk by chunk, the export audited; a
 * range over CHANGE_HISTORY_MAX_DAYS (or reversed) is refused before anything is read.
 */
export async function exportChangeHistory(input: {
  from: string
  to: string
  encoding: CsvEncoding
  staffUserId: number
  origin: RequestOrigin
}): Promise<{ status: 'refused' } | { status: 'written'; file: CsvExportFile }> {
  const { from, to, encoding } = input
  const range = rangeOf(input)
  if (rangeProblem(range)) return { status: 'refused' }
  // Written whole first: a refused Shift_JIS file is not an export.
  const file = await writeCsvExport({
    filename: `変更履歴_${from.replaceAll('-', '')}-${to.replaceAll('-', '')}.csv`,
    encoding,
    header: CHANGE_HISTORY_HEADER,
    chunks: changeHistoryChunks(range),
  })
  await recordAudit({
    action: 'staff.change_history.export',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    origin: input.origin,
    details: { from, to, rows: file.rows, encoding },
  })
  return { status: 'written', file }
}
