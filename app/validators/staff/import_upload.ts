import { parseMonth, parseYear } from '#imports/fields'

/**
 * The upload form's period: '2026-10', '2026/10', '２０２６年１０月' -> '2026-10' for statements;
 * '2025' / '2025年度' for contribution reports; none for the member master. (The form is
 * multipart and processed by hand on its route, so its fields are checked here, not by VineJS.)
 */
export function normalisePeriod(kind: string, value: string): string | null {
  if (kind === 'statements') return parseMonth(value)
  if (kind === 'contribution_reports') {
    const year = parseYear(value)
    return year === null ? null : String(year)
  }
  return null
}
