import { DateTime } from 'luxon'
import { BUSINESS_ZONE, nowInJapan } from '#domain/common/clock'

/**
 * What a statement adds up to: per-tax-rate subtotals and the months of the
 * 12-month chart. Amounts are stored tax-included (税込), as the core system
 * prints them; the subtotals are sums of those amounts per rate.
 */

/** A billing month from a URL ('2026-10'), or null when it is not one. */
export function parseBillingMonth(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null
  const year = Number(value.slice(0, 4))
  return year >= 2000 && year <= 2999 ? value : null
}

export interface TaxSubtotal {
  taxRate: number
  amount: number
  lineCount: number
}

/** Subtotals by tax rate, highest rate first (10%, 8%, then 0% = 非課税・対象外). */
export function taxSubtotals(lines: { taxRate: number; amount: number }[]): TaxSubtotal[] {
  const byRate = new Map<number, TaxSubtotal>()
  for (const line of lines) {
    const subtotal = byRate.get(line.taxRate) ?? { taxRate: line.taxRate, amount: 0, lineCount: 0 }
    subtotal.amount += line.amount
    subtotal.lineCount += 1
    byRate.set(line.taxRate, subtotal)
  }
  return [...byRate.values()].sort((a, b) => b.taxRate - a.taxRate)
}

export function taxRateLabel(taxRate: number): string {
  return taxRate === 0 ? '非課税・対象外' : `${taxRate}%`
}

/** The twelve billing months ending with last month (Japan time), oldest first. */
export function chartBillingMonths(now: DateTime = nowInJapan()): string[] {
  const last = now.setZone(BUSINESS_ZONE).startOf('month').minus({ months: 1 })
  return Array.from({ length: 12 }, (_, i) => last.minus({ months: 11 - i }).toFormat('yyyy-MM'))
}

/** Each chart month with its total, or null where the member has no visible statement. */
export function monthlySeries(
  totals: Map<string, number>,
  now: DateTime = nowInJapan()
): { billingMonth: string; total: number | null }[] {
  return chartBillingMonths(now).map((billingMonth) => ({
    billingMonth,
    total: totals.has(billingMonth) ? totals.get(billingMonth)! : null,
  }))
}
