/** The 変更履歴出力 page (staff/change_history), built in its controller. */
export interface ChangeHistoryProps {
  /** What the date fields show: the query string's values, else this month so far. */
  defaults: { from: string; to: string }
  /** The range asked for and how many changes it holds; null until a valid range is given. */
  preview: { from: string; to: string; label: string; count: number } | null
  rangeErrors: Record<string, string>
}
