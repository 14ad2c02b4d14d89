import { DateTime } from 'luxon'
import type ImportBatch from '#models/import_batch'
import type { ImportKind, ImportStatus } from '#models/import_batch'
import type { ImportBatchView } from '#domain/imports/import_batch_queries'
import { commitRefusal } from '#domain/imports/import_commit_rule'
import {
  formatBillingMonth,
  formatJapaneseDate,
  formatJapaneseDateTime,
} from '#domain/common/formatting'
import { ENCODING_LABELS, type FileEncoding } from '#imports/decode'
import type { ColumnSpec } from '#imports/rows'
import type { StatementTotals } from '#imports/kinds/statements'
import { STATEMENT_COLUMNS } from '#imports/kinds/statements'
import { CONTRIBUTION_REPORT_COLUMNS } from '#imports/kinds/contribution_reports'
import { MEMBER_COLUMNS } from '#imports/kinds/members'
import { MAX_STORED_ERRORS } from '#imports/pipeline'

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  statements: '請求明細',
  contribution_reports: '出資報告',
  members: '組合員マスタ',
}

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: '検証待ち',
  validating: '検証中',
  invalid: 'エラーあり',
  validated: '検証済み（未反映）',
  committing: '反映中',
  committed: '反映済み',
  failed: '失敗',
  rolled_back: '取り消し済み',
}

/** Kinds the upload form offers, with their columns for the sample file and the help table. */
export const IMPORT_KINDS: { kind: ImportKind; columns: ColumnSpec[] }[] = [
  { kind: 'statements', columns: STATEMENT_COLUMNS },
  { kind: 'contribution_reports', columns: CONTRIBUTION_REPORT_COLUMNS },
  { kind: 'members', columns: MEMBER_COLUMNS },
]

export function periodLabel(kind: ImportKind, period: string | null): string {
  if (!period) return '—'
  return kind === 'statements' ? formatBillingMonth(period) : `${period}年度`
}

export interface ImportBatchRow {
  id: number
  kindLabel: string
  periodLabel: string
  status: ImportStatus
  statusLabel: string
  fileName: string
  fileSha256: string
  fileSize: number
  rowCount: number
  memberCount: number
  errorCount: number
  totalAmount: number
  createdBy: string
  createdAt: string
  committedAt: string
}

export function presentBatchRow(batch: ImportBatch): ImportBatchRow {
  return {
    id: batch.id,
    kindLabel: IMPORT_KIND_LABELS[batch.kind],
    periodLabel: periodLabel(batch.kind, batch.period),
    status: batch.status,
    statusLabel: IMPORT_STATUS_LABELS[batch.status],
    fileName: batch.originalFileName,
    fileSha256: batch.fileSha256 ?? '',
    fileSize: Number(batch.fileSize),
    rowCount: batch.rowCount,
    memberCount: batch.memberCount,
    errorCount: batch.errorCount,
    totalAmount: Number(batch.totalAmount),
    createdBy: batch.createdBy?.name ?? '（コマンド）',
    createdAt: formatJapaneseDateTime(batch.createdAt),
    committedAt: formatJapaneseDateTime(batch.committedAt),
  }
}

export interface ImportProgress {
  id: number
  status: ImportStatus
  statusLabel: string
  running: boolean
  percent: number
}

export function presentProgress(batch: ImportBatch): ImportProgress {
  const total = Number(batch.progressTotal) || 0
  const done = Number(batch.progressDone) || 0
  const running = ['uploaded', 'validating', 'committing'].includes(batch.status)
  return {
    id: batch.id,
    status: batch.status,
    statusLabel: IMPORT_STATUS_LABELS[batch.status],
    running,
    percent: running ? (total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0) : 100,
  }
}

export interface TotalLine {
  label: string
  rows: number
  amount: number
  previousAmount: number | null
  difference: number | null
}

function compare(
  current: Record<string, { rows: number; amount: number }>,
  previous: Record<string, { rows: number; amount: number }> | null,
  label: (key: string) => string
): TotalLine[] {
  const keys = new Set([...Object.keys(current), ...Object.keys(previous ?? {})])
  return [...keys].sort().map((key) => {
    const amount = current[key]?.amount ?? 0
    const previousAmount = previous ? (previous[key]?.amount ?? 0) : null
    return {
      label: label(key),
      rows: current[key]?.rows ?? 0,
      amount,
      previousAmount,
      difference: previousAmount === null ? null : amount - previousAmount,
    }
  })
}

export interface ImportPreview {
  comparedWith: string | null
  total: TotalLine
  members: { count: number; previous: number | null }
  byCategory: TotalLine[]
  byTaxRate: TotalLine[]
  replacesActive: boolean
  /** The optional debit columns (statements): members with them, by debit date; null without. */
  debit: {
    members: number
    withoutDebit: number
    dates: { label: string; members: number }[]
  } | null
}

function line(label: string, rows: number, amount: number, previous: number | null): TotalLine {
  return {
    label,
    rows,
    amount,
    previousAmount: previous,
    difference: previous === null ? null : amount - previous,
  }
}

function presentReportPreview(batch: ImportBatch): ImportPreview {
  type Totals = { members: number; amountEnd: number; dividend: number; unitsEnd: number }
  const summary = JSON.parse(batch.summaryJson!) as {
    reports: Totals
    previous: Totals | null
    current: Totals | null
    previousYear: number
  }
  const { reports, previous } = summary
  return {
    comparedWith: previous ? `${summary.previousYear}年度` : null,
    total: line('期末出資金', reports.members, reports.amountEnd, previous?.amountEnd ?? null),
    members: { count: reports.members, previous: previous ? previous.members : null },
    byCategory: [line('配当金', reports.members, reports.dividend, previous?.dividend ?? null)],
    byTaxRate: [],
    replacesActive: summary.current !== null,
    debit: null,
  }
}

export function presentPreview(batch: ImportBatch): ImportPreview | null {
  if (!batch.summaryJson) return null
  if (batch.kind === 'contribution_reports') return presentReportPreview(batch)
  if (batch.kind !== 'statements') return null
  const summary = JSON.parse(batch.summaryJson) as {
    totals: StatementTotals
    previous: StatementTotals | null
    previousMonth: string
    current: StatementTotals | null
  }
  const { totals, previous } = summary
  return {
    comparedWith: previous ? formatBillingMonth(summary.previousMonth) : null,
    total: {
      label: '合計',
      rows: totals.rows,
      amount: totals.totalAmount,
      previousAmount: previous ? previous.totalAmount : null,
      difference: previous ? totals.totalAmount - previous.totalAmount : null,
    },
    members: { count: totals.members, previous: previous ? previous.members : null },
    byCategory: compare(totals.byCategory, previous?.byCategory ?? null, (k) => k),
    byTaxRate: compare(totals.byTaxRate, previous?.byTaxRate ?? null, (k) => `${k}%`),
    replacesActive: summary.current !== null,
    debit: presentDebitPreview(totals),
  }
}

function presentDebitPreview(totals: StatementTotals): ImportPreview['debit'] {
  if (!totals.debit) return null
  return {
    members: totals.debit.members,
    withoutDebit: totals.members - totals.debit.members,
    dates: Object.entries(totals.debit.byDate)
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([date, members]) => ({
        label: date ? formatJapaneseDate(DateTime.fromISO(date)) : '引落日なし（口座のみ）',
        members,
      })),
  }
}

/** The imports page (staff/imports/index): the batches and each kind's file layout. */
export interface ImportListProps {
  batches: ImportBatchRow[]
  page: number
  lastPage: number
  kinds: {
    kind: ImportKind
    label: string
    sampleUrl: string
    columns: Pick<ColumnSpec, 'label' | 'aliases' | 'required' | 'note'>[]
  }[]
}

/** Each kind the form offers: its label, sample file and columns (the help table). */
export function presentImportKinds(
  sampleUrl: (kind: ImportKind) => string
): ImportListProps['kinds'] {
  return IMPORT_KINDS.map(({ kind, columns }) => ({
    kind,
    label: IMPORT_KIND_LABELS[kind],
    sampleUrl: sampleUrl(kind),
    columns: columns.map((c) => ({
      label: c.label,
      aliases: c.aliases,
      required: c.required,
      note: c.note,
    })),
  }))
}

/** One batch (staff/imports/show): its state, preview and a page of its row errors. */
export interface ImportBatchPageProps {
  batch: ImportBatchRow & {
    encodingLabel: string
    failureMessage: string | null
    validatedAt: string
    rolledBackAt: string
    canCommit: boolean
    canRollback: boolean
  }
  progress: ImportProgress
  preview: ImportPreview | null
  memberChanges: { created: number; updated: number } | null
  errors: {
    rows: { id: number; line: number; column: string | null; message: string }[]
    page: number
    lastPage: number
    total: number
    truncated: boolean
  }
}

/** Shapes what importBatchView loaded; asks the commit rule whether 反映 is offered. */
export function presentImportBatch({
  batch,
  errors,
  canRollback,
}: ImportBatchView): ImportBatchPageProps {
  return {
    batch: {
      ...presentBatchRow(batch),
      encodingLabel: batch.encoding ? ENCODING_LABELS[batch.encoding as FileEncoding] : '—',
      failureMessage: batch.failureMessage,
      validatedAt: formatJapaneseDateTime(batch.validatedAt),
      rolledBackAt: formatJapaneseDateTime(batch.rolledBackAt),
      canCommit: commitRefusal(batch, 'clerk') === null,
      canRollback,
    },
    progress: presentProgress(batch),
    preview: presentPreview(batch),
    memberChanges:
      batch.kind === 'members' && batch.summaryJson
        ? (JSON.parse(batch.summaryJson).members as { created: number; updated: number })
        : null,
    errors: {
      rows: errors.rows.map((e) => ({
        id: e.id,
        line: e.lineNumber,
        column: e.columnName,
        message: e.message,
      })),
      page: errors.currentPage,
      lastPage: errors.lastPage,
      total: batch.errorCount,
      truncated: batch.errorCount > MAX_STORED_ERRORS,
    },
  }
}
