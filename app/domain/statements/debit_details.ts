import { DateTime } from 'luxon'
import { formatJapaneseDate } from '#domain/common/formatting'

/**
 * Debit details of a statement (引落日 and the debit account), as the monthly import file may
 * carry them (optional columns). The account number is never stored whole: the file may give
 * only its last DEBIT_ACCOUNT_DIGITS digits, and members see them masked (****1234).
 */
export const DEBIT_ACCOUNT_DIGITS = 4

/** Longest bank and branch names accepted (全銀 names are shorter). */
export const DEBIT_NAME_MAX_LENGTH = 30

export const DEBIT_ACCOUNT_TYPES = ['普通', '当座', '貯蓄'] as const
export type DebitAccountType = (typeof DEBIT_ACCOUNT_TYPES)[number]

/** 普通 / 普通預金 / 1 (the 全銀 code), 当座 / 当座預金 / 2, 貯蓄 / 貯蓄預金 / 4. */
const ACCOUNT_TYPE_NAMES: Record<string, DebitAccountType> = {
  '普通': '普通',
  '普通預金': '普通',
  '1': '普通',
  '当座': '当座',
  '当座預金': '当座',
  '2': '当座',
  '貯蓄': '貯蓄',
  '貯蓄預金': '貯蓄',
  '4': '貯蓄',
}

export function parseDebitAccountType(raw: string): DebitAccountType | null {
  // Most files write 普通 / 当座 / 貯蓄 or a code as it is: no normalisation needed.
  if (Object.hasOwn(ACCOUNT_TYPE_NAMES, raw)) return ACCOUNT_TYPE_NAMES[raw]
  return ACCOUNT_TYPE_NAMES[raw.normalize('NFKC').replace(/\s/g, '')] ?? null
}

/**
 * The last digits of the account number: exactly DEBIT_ACCOUNT_DIGITS digits (full-width too,
 * leading * or ＊ masks ignored). 'too_long' for more digits (a whole account number: refused,
 * never stored), 'invalid' for anything else.
 */
export function parseDebitAccountLast4(raw: string): string | 'too_long' | 'invalid' {
  if (FOUR_ASCII_DIGITS.test(raw)) return raw
  const value = raw
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/^[*＊]+/, '')
  if (!/^\d+$/.test(value)) return 'invalid'
  if (value.length > DEBIT_ACCOUNT_DIGITS) return 'too_long'
  return value.length === DEBIT_ACCOUNT_DIGITS ? value : 'invalid'
}

const FOUR_ASCII_DIGITS = new RegExp(`^[0-9]{${DEBIT_ACCOUNT_DIGITS}}$`)

/** ****1234 */
export function maskedDebitAccount(last4: string): string {
  return `${'*'.repeat(DEBIT_ACCOUNT_DIGITS)}${last4}`
}

/** What a statement carries (the columns of `statements`). */
export interface StatementDebit {
  debitDate: DateTime | null
  debitBankName: string | null
  debitBranchName: string | null
  debitAccountType: string | null
  debitAccountLast4: string | null
}

/**
 * The sentence members read on the month page, the PDF and the home page:
 * 「2026年11月27日に ○○銀行 ○○支店 普通 ****1234 から引き落とします」, or the part the file gave
 * (the date alone, the account alone); null when the statement has neither.
 */
export function debitNotice(statement: StatementDebit): string | null {
  const account =
    statement.debitBankName && statement.debitAccountLast4
      ? [
          statement.debitBankName,
          statement.debitBranchName,
          statement.debitAccountType,
          maskedDebitAccount(statement.debitAccountLast4),
        ]
          .filter(Boolean)
          .join(' ')
      : null
  const date = statement.debitDate ? formatJapaneseDate(statement.debitDate) : null
  if (date && account) return `${date}に ${account} から引き落とします`
  if (date) return `${date}にご登録の口座から引き落とします`
  if (account) return `${account} から引き落とします`
  return null
}
