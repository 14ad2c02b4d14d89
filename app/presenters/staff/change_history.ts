import type { DateTime } from 'luxon'
import { formatJapaneseDate } from '#domain/common/formatting'
import type { ChangeHistoryPreview } from '#domain/audit/change_history'

/** The 変更履歴出力 page (staff/change_history). */
export interface ChangeHistoryProps {
  /** What the date fields show: the query string's values, else this month so far. */
  defaults: { from: string; to: string }
  /** The range asked for and how many changes it holds; null until a valid range is given. */
  preview: { from: string; to: string; label: string; count: number } | null
  rangeErrors: Record<string, string>
}

/**
 * `qs` as typed; `errors` the validator's messages when the dates did not validate; `preview`
 * from previewChangeHistory (app/domain/audit/change_history.ts) when they did.
 */
export function presentChangeHistory(page: {
  qs: Record<string, unknown>
  today: DateTime
  errors: { field: string; message: string }[] | null
  input: { from: string; to: string } | null
  preview: ChangeHistoryPreview | null
}): ChangeHistoryProps {
  const { qs, today, input, preview } = page
  const counted = input && preview?.status === 'counted' ? preview : null
  return {
    defaults: {
      from: typeof qs.from === 'string' ? qs.from : today.startOf('month').toISODate()!,
      to: typeof qs.to === 'string' ? qs.to : today.toISODate()!,
    },
    preview:
      input && counted
        ? {
            from: input.from,
            to: input.to,
            label: `${formatJapaneseDate(counted.range.from)}〜${formatJapaneseDate(counted.range.to)}`,
            count: counted.count,
          }
        : null,
    rangeErrors: page.errors
      ? Object.fromEntries(page.errors.map((message) => [message.field, message.message]))
      : preview?.status === 'refused'
        ? { to: preview.problem }
        : {},
  }
}
