import type { ColumnSpec, KindSchema, RowProblem } from '#imports/rows'
import { shown } from '#imports/rows'
import {
  cleanText,
  parseDate,
  parseInteger,
  parseMemberNumber,
  parseMonth,
  parseTaxRate,
} from '#imports/fields'
import { formatBillingMonth } from '#domain/common/formatting'
import {
  DEBIT_ACCOUNT_DIGITS,
  DEBIT_NAME_MAX_LENGTH,
  parseDebitAccountLast4,
  parseDebitAccountType,
} from '#domain/statements/debit_details'

/** One statement line (請求明細の1行) of the monthly file. */
export interface StatementRow {
  line: number
  memberId: number
  lineDate: string
  category: string
  itemName: string
  quantity: number
  unitPrice: number
  amount: number
  taxRate: number
  /** The member's debit details (the same object on every line of the member), or null. */
  debit: ImportedDebit | null
}

/** The optional debit columns of one member's lines (引落日, the account's bank to last 4 digits). */
export interface ImportedDebit {
  /** yyyy-MM-dd */
  date: string | null
  bankName: string | null
  branchName: string | null
  accountType: string | null
  accountLast4: string | null
}

/** The optional debit columns: a file without them imports as before (no debit details). */
const DEBIT_COLUMNS: ColumnSpec[] = [
  {
    key: 'debitDate',
    label: '引落日',
    aliases: ['引落予定日', '振替日', '口座振替日', '引き落とし日'],
    required: false,
    example: '2026/11/27',
    note: '任意。2026/11/27、2026-11-27、20261127（同じ組合員の行はすべて同じ値）',
  },
  {
    key: 'debitBankName',
    label: '引落銀行',
    aliases: ['金融機関名', '銀行名', '引落金融機関'],
    required: false,
    example: 'ふくい銀行',
    note: `任意。${DEBIT_NAME_MAX_LENGTH}文字まで（口座の4列はそろえて入力）`,
  },
  {
    key: 'debitBranchName',
    label: '引落支店',
    aliases: ['支店名', '引落支店名'],
    required: false,
    example: '大手支店',
    note: `任意。${DEBIT_NAME_MAX_LENGTH}文字まで`,
  },
  {
    key: 'debitAccountType',
    label: '預金種目',
    aliases: ['口座種別', '預金種別', '引落口座種別'],
    required: false,
    example: '普通',
    note: '任意。普通、当座、貯蓄（1、2、4 も可）',
  },
  {
    key: 'debitAccountLast4',
    label: `口座番号下${DEBIT_ACCOUNT_DIGITS}桁`,
    aliases: ['口座番号', '引落口座番号', '口座番号（下4桁）'],
    required: false,
    example: '1234',
    note: `任意。口座番号の下${DEBIT_ACCOUNT_DIGITS}桁だけ（それより長い番号は受け付けず、保存しません）`,
    // A refused row's text is kept for the error list: this column's digits never are.
    secret: true,
  },
]

export const STATEMENT_COLUMNS: ColumnSpec[] = [
  {
    key: 'billingMonth',
    label: '請求月',
    aliases: ['請求年月', '対象月', '利用月'],
    required: true,
    example: '2026/10',
    note: '取込対象の請求月と同じ月（2026/10、2026-10、202610、2026年10月）',
  },
  {
    key: 'memberNumber',
    label: '組合員番号',
    aliases: ['組合員コード', '組合員NO', '組合員No.', '組合員ID'],
    required: true,
    example: '1000001',
    note: '登録済みの組合員番号（全角数字も可）',
  },
  {
    key: 'lineDate',
    label: '利用日',
    aliases: ['日付', '購入日', '明細日付', '利用年月日'],
    required: true,
    example: '2026/10/05',
    note: '2026/10/05、2026-10-05、20261005',
  },
  {
    key: 'category',
    label: '区分',
    aliases: ['分類', 'カテゴリ', '商品区分', '利用区分'],
    required: true,
    example: '食品',
    note: '50文字まで',
  },
  {
    key: 'itemName',
    label: '品名',
    aliases: ['商品名', '内容', '摘要', '明細'],
    required: true,
    example: '牛乳 1000ml',
    note: '200文字まで',
  },
  {
    key: 'quantity',
    label: '数量',
    aliases: ['個数'],
    required: true,
    example: '2',
    note: '整数（返品はマイナス: -1 または △1）',
  },
  {
    key: 'unitPrice',
    label: '単価',
    aliases: ['単価（円）', '価格'],
    required: true,
    example: '238',
    note: '円単位の整数（1,234 のカンマ可）',
  },
  {
    key: 'amount',
    label: '金額',
    aliases: ['請求額', '利用金額', '金額（円）'],
    required: true,
    example: '476',
    note: '円単位の整数（マイナスは -500 または △500）',
  },
  {
    key: 'taxRate',
    label: '税率',
    aliases: ['消費税率', '税率（%）'],
    required: true,
    example: '8',
    note: '10、8、0（% は付けても付けなくても可）',
  },
  ...DEBIT_COLUMNS,
]

const DEBIT_KEYS = [
  'debitDate',
  'debitBankName',
  'debitBranchName',
  'debitAccountType',
  'debitAccountLast4',
] as const

export interface StatementContext {
  billingMonth: string
  memberIds: Map<string, number>
}

/**
 * The row error of a line that repeats an earlier one exactly (same member, date, category,
 * item, quantity, unit price, amount and tax rate). Found in SQL over the staged lines once the
 * file is read (`StatementWriter.duplicates`), so the check itself does not see it.
 */
export function duplicateLineMessage(firstLine: number): string {
  return `${firstLine}行目と同じ内容の明細です（重複行）。`
}

const MAX_INT = 2_147_483_647

/**
 * Months and dates repeat on every line: remember the last few hundred parses (and the last
 * one, which the next line mostly repeats: the month, the tax rate).
 */
function cached<T>(parse: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>()
  let lastRaw: string | undefined
  let lastValue: T
  return (raw) => {
    if (raw === lastRaw) return lastValue
    let value = cache.get(raw)
    if (value === undefined && !cache.has(raw)) {
      value = parse(raw)
      if (cache.size < 512) cache.set(raw, value)
    }
    lastRaw = raw
    lastValue = value as T
    return value as T
  }
}

export function statementSchema(ctx: StatementContext): KindSchema<StatementRow> {
  const parseMonthCached = cached(parseMonth)
  const parseDateCached = cached(parseDate)
  const parseTaxRateCached = cached(parseTaxRate)
  /** Whether the file has any debit column (told by header()); without, no debit work at all. */
  let hasDebit = false
  /** Each member's first valid line's debit details: the member's other lines must agree. */
  const debitByMember = new Map<
    number,
    { key: string; raw: string[]; line: number; debit: ImportedDebit | null }
  >()
  return {
    kind: 'statements',
    columns: STATEMENT_COLUMNS,
    header(present) {
      hasDebit = DEBIT_KEYS.some((key) => present.has(key))
    },
    check(field, line, problems: RowProblem[]) {
      const monthRaw = field('billingMonth')
      const month = parseMonthCached(monthRaw)
      if (month === null) {
        problems.push({
          column: '請求月',
          message: `「請求月」を年月として読めません（値: ${shown(monthRaw)}）。2026/10 のように入力してください。`,
        })
      } else if (month !== ctx.billingMonth) {
        problems.push({
          column: '請求月',
          message: `「請求月」が取込対象の${formatBillingMonth(ctx.billingMonth)}と違います（この行は${formatBillingMonth(month)}）。`,
        })
      }

      const numberRaw = field('memberNumber')
      // Most files carry plain numbers: look them up before normalising.
      let memberId: number | undefined = ctx.memberIds.get(numberRaw)
      const memberNumber = memberId === undefined ? parseMemberNumber(numberRaw) : numberRaw
      if (memberNumber === null) {
        problems.push({
          column: '組合員番号',
          message: `「組合員番号」が数字ではありません（値: ${shown(numberRaw)}）。`,
        })
      } else if (memberId === undefined) {
        memberId = ctx.memberIds.get(memberNumber)
        if (memberId === undefined) {
          problems.push({
            column: '組合員番号',
            message: `組合員番号 ${memberNumber} の組合員は登録されていません。先に組合員マスタを取り込んでください。`,
          })
        }
      }

      const dateRaw = field('lineDate')
      const lineDate = parseDateCached(dateRaw)
      if (lineDate === null) {
        problems.push({
          column: '利用日',
          message: `「利用日」を日付として読めません（値: ${shown(dateRaw)}）。2026/11/05 のように入力してください。`,
        })
      }

      const category = cleanText(field('category'))
      if (!category) problems.push({ column: '区分', message: '「区分」が空です。' })
      else if (category.length > 50)
        problems.push({ column: '区分', message: '「区分」が長すぎます（50文字まで）。' })

      const itemName = cleanText(field('itemName'))
      if (!itemName) problems.push({ column: '品名', message: '「品名」が空です。' })
      else if (itemName.length > 200)
        problems.push({ column: '品名', message: '「品名」が長すぎます（200文字まで）。' })

      const quantityRaw = field('quantity')
      const quantity = parseInteger(quantityRaw)
      if (quantity === null || Math.abs(quantity) > MAX_INT) {
        problems.push({
          column: '数量',
          message: `「数量」を整数として読めません（値: ${shown(quantityRaw)}）。`,
        })
      }
      const unitRaw = field('unitPrice')
      const unitPrice = parseInteger(unitRaw)
      if (unitPrice === null) {
        problems.push({
          column: '単価',
          message: `「単価」を金額として読めません（値: ${shown(unitRaw)}）。1,234 や △500 のように入力してください。`,
        })
      }
      const amountRaw = field('amount')
      const amount = parseInteger(amountRaw)
      if (amount === null) {
        problems.push({
          column: '金額',
          message: `「金額」を金額として読めません（値: ${shown(amountRaw)}）。1,234 や △500 のように入力してください。`,
        })
      }
      const taxRaw = field('taxRate')
      const taxRate = parseTaxRateCached(taxRaw)
      if (taxRate === null) {
        problems.push({
          column: '税率',
          message: `「税率」は 10、8、0 のいずれかにしてください（値: ${shown(taxRaw)}）。`,
        })
      }
      if (problems.length) return null

      let debit: ImportedDebit | null = null
      if (hasDebit) {
        // A member's later lines mostly repeat the first one's cells exactly: then nothing
        // is parsed again or allocated (the normalised values are compared only when a cell
        // differs).
        const first = debitByMember.get(memberId!)
        if (first && sameCells(field, first.raw)) debit = first.debit
        else {
          const read = readDebit(field, parseDateCached, problems)
          if (read === undefined) return null
          const key = read === null ? '' : debitKey(read)
          if (!first) {
            debitByMember.set(memberId!, {
              key,
              raw: DEBIT_KEYS.map((k) => field(k)),
              line,
              debit: read,
            })
            debit = read
          } else if (first.key !== key) {
            problems.push({
              column: null,
              message: `引落日・引落口座が、同じ組合員の${first.line}行目と違います。1人の組合員の行はすべて同じ引落日・口座にしてください。`,
            })
            return null
          } else debit = first.debit
        }
      }

      return {
        line,
        memberId: memberId!,
        lineDate: lineDate!,
        category,
        itemName,
        quantity: quantity!,
        unitPrice: unitPrice!,
        amount: amount!,
        taxRate: taxRate!,
        debit,
      }
    },
  }
}

/** Whether the line's debit cells are exactly `raw` (the member's first line's). */
function sameCells(field: (key: string) => string, raw: string[]): boolean {
  for (const [i, key] of DEBIT_KEYS.entries()) {
    if (field(key) !== raw[i]) return false
  }
  return true
}

function debitKey(debit: ImportedDebit): string {
  return [debit.date, debit.bankName, debit.branchName, debit.accountType, debit.accountLast4].join(
    '\t'
  )
}

/**
 * The debit columns of one line: null when all are empty, undefined after pushing problems.
 * The account's four columns come together or not at all; the date may stand alone.
 */
function readDebit(
  field: (key: string) => string,
  parseDateCached: (raw: string) => string | null,
  problems: RowProblem[]
): ImportedDebit | null | undefined {
  const dateRaw = field('debitDate').trim()
  const bankName = cleanText(field('debitBankName'))
  const branchName = cleanText(field('debitBranchName'))
  const typeRaw = field('debitAccountType').trim()
  const last4Raw = field('debitAccountLast4').trim()
  if (!dateRaw && !bankName && !branchName && !typeRaw && !last4Raw) return null

  let date: string | null = null
  if (dateRaw) {
    date = parseDateCached(dateRaw)
    if (date === null) {
      problems.push({
        column: '引落日',
        message: `「引落日」を日付として読めません（値: ${shown(dateRaw)}）。2026/11/27 のように入力してください。`,
      })
    }
  }
  let accountType: string | null = null
  let accountLast4: string | null = null
  if (bankName || branchName || typeRaw || last4Raw) {
    if (!bankName || !branchName || !typeRaw || !last4Raw) {
      const missing = [
        ['引落銀行', bankName],
        ['引落支店', branchName],
        ['預金種目', typeRaw],
        [`口座番号下${DEBIT_ACCOUNT_DIGITS}桁`, last4Raw],
      ]
        .filter(([, value]) => !value)
        .map(([label]) => `「${label}」`)
      problems.push({
        column: null,
        message: `引落口座の${missing.join('')}が空です。銀行・支店・預金種目・口座番号下${DEBIT_ACCOUNT_DIGITS}桁はそろえて入力してください。`,
      })
    }
    if (bankName.length > DEBIT_NAME_MAX_LENGTH)
      problems.push({
        column: '引落銀行',
        message: `「引落銀行」が長すぎます（${DEBIT_NAME_MAX_LENGTH}文字まで）。`,
      })
    if (branchName.length > DEBIT_NAME_MAX_LENGTH)
      problems.push({
        column: '引落支店',
        message: `「引落支店」が長すぎます（${DEBIT_NAME_MAX_LENGTH}文字まで）。`,
      })
    if (typeRaw) {
      accountType = parseDebitAccountType(typeRaw)
      if (accountType === null)
        problems.push({
          column: '預金種目',
          message: `「預金種目」は 普通、当座、貯蓄 のいずれかにしてください（値: ${shown(typeRaw)}）。`,
        })
    }
    if (last4Raw) {
      const parsed = parseDebitAccountLast4(last4Raw)
      // The value itself is never repeated in the message (a whole account number).
      if (parsed === 'too_long')
        problems.push({
          column: `口座番号下${DEBIT_ACCOUNT_DIGITS}桁`,
          message: `口座番号は下${DEBIT_ACCOUNT_DIGITS}桁だけを入れてください（${DEBIT_ACCOUNT_DIGITS + 1}桁以上の番号は受け付けず、保存しません）。`,
        })
      else if (parsed === 'invalid')
        problems.push({
          column: `口座番号下${DEBIT_ACCOUNT_DIGITS}桁`,
          message: `「口座番号下${DEBIT_ACCOUNT_DIGITS}桁」は数字${DEBIT_ACCOUNT_DIGITS}桁で入力してください。`,
        })
      else accountLast4 = parsed
    }
  }
  if (problems.length) return undefined
  return {
    date,
    bankName: bankName || null,
    branchName: branchName || null,
    accountType,
    accountLast4,
  }
}

/** What the preview shows: totals of the file, by category and by tax rate. */
export interface StatementTotals {
  rows: number
  members: number
  totalAmount: number
  byCategory: Record<string, { rows: number; amount: number }>
  byTaxRate: Record<string, { rows: number; amount: number }>
  /**
   * Members whose lines carry debit details, by debit date ('' = account without a date).
   * Absent when no member's lines do (files without the debit columns, older batches).
   */
  debit?: { members: number; byDate: Record<string, number> }
}

export class StatementTotalsCounter {
  rows = 0
  totalAmount = 0
  #members = new Set<number>()
  #category = new Map<string, { rows: number; amount: number }>()
  #tax = new Map<number, { rows: number; amount: number }>()
  #debitMembers = 0
  #debitDates = new Map<string, number>()

  add(row: StatementRow) {
    this.rows++
    this.totalAmount += row.amount
    const known = this.#members.size
    this.#members.add(row.memberId)
    // A member's debit details are the same on all their lines: counted at the first one.
    if (row.debit && this.#members.size !== known) {
      this.#debitMembers++
      const date = row.debit.date ?? ''
      if (this.#debitDates.size < 100 || this.#debitDates.has(date)) {
        this.#debitDates.set(date, (this.#debitDates.get(date) ?? 0) + 1)
      }
    }
    const c = this.#category.get(row.category)
    if (c) {
      c.rows++
      c.amount += row.amount
    } else if (this.#category.size < 500) {
      this.#category.set(row.category, { rows: 1, amount: row.amount })
    }
    const t = this.#tax.get(row.taxRate)
    if (t) {
      t.rows++
      t.amount += row.amount
    } else this.#tax.set(row.taxRate, { rows: 1, amount: row.amount })
  }

  /** Takes back rows counted by add() (lines found to be duplicates afterwards). */
  remove(category: string, taxRate: number, rows: number, amount: number) {
    this.rows -= rows
    this.totalAmount -= amount
    const c = this.#category.get(category)
    if (c) {
      c.rows -= rows
      c.amount -= amount
    }
    const t = this.#tax.get(taxRate)
    if (t) {
      t.rows -= rows
      t.amount -= amount
    }
  }

  result(): StatementTotals {
    return {
      rows: this.rows,
      members: this.#members.size,
      totalAmount: this.totalAmount,
      byCategory: Object.fromEntries(this.#category),
      byTaxRate: Object.fromEntries([...this.#tax].map(([rate, entry]) => [String(rate), entry])),
      ...(this.#debitMembers
        ? { debit: { members: this.#debitMembers, byDate: Object.fromEntries(this.#debitDates) } }
        : {}),
    }
  }
}
