import type { ColumnSpec, KindSchema, RowProblem } from '#imports/rows'
import { shown } from '#imports/rows'
import { parseInteger, parseMemberNumber, parseYear } from '#imports/fields'

/** One member's annual contribution report (出資報告) line. */
export interface ContributionReportRow {
  line: number
  memberId: number
  unitsStart: number
  amountStart: number
  unitsIncrease: number
  amountIncrease: number
  unitsDecrease: number
  amountDecrease: number
  unitsEnd: number
  amountEnd: number
  dividend: number
}

const NUMBER_COLUMNS: [keyof ContributionReportRow, string, string[], string][] = [
  ['unitsStart', '期首口数', ['期首出資口数', '前期末口数'], '10'],
  ['amountStart', '期首出資金', ['期首金額', '期首出資額'], '10,000'],
  ['unitsIncrease', '増加口数', ['増口数'], '2'],
  ['amountIncrease', '増加出資金', ['増加金額', '増資額'], '2,000'],
  ['unitsDecrease', '減少口数', ['減口数'], '0'],
  ['amountDecrease', '減少出資金', ['減少金額', '減資額'], '0'],
  ['unitsEnd', '期末口数', ['期末出資口数'], '12'],
  ['amountEnd', '期末出資金', ['期末金額', '期末出資額'], '12,000'],
  ['dividend', '配当金', ['利用分量配当', '出資配当金'], '240'],
]

export const CONTRIBUTION_REPORT_COLUMNS: ColumnSpec[] = [
  {
    key: 'fiscalYear',
    label: '年度',
    aliases: ['事業年度', '会計年度'],
    required: true,
    example: '2025',
    note: '取込対象の年度（2025 または 2025年度。4月〜翌3月）',
  },
  {
    key: 'memberNumber',
    label: '組合員番号',
    aliases: ['組合員コード', '組合員NO', '組合員No.', '組合員ID'],
    required: true,
    example: '1000001',
    note: '登録済みの組合員番号（1人1行）',
  },
  ...NUMBER_COLUMNS.map(([key, label, aliases, example]) => ({
    key,
    label,
    aliases,
    required: true,
    example,
    note: '整数（1,234 のカンマ可、マイナスは - または △）',
  })),
]

export function contributionReportSchema(ctx: {
  fiscalYear: number
  memberIds: Map<string, number>
  seenMembers: Map<number, number>
}): KindSchema<ContributionReportRow> {
  return {
    kind: 'contribution_reports',
    columns: CONTRIBUTION_REPORT_COLUMNS,
    check(field, line, problems: RowProblem[]) {
      const yearRaw = field('fiscalYear')
      const year = parseYear(yearRaw)
      if (year === null) {
        problems.push({
          column: '年度',
          message: `「年度」を読めません（値: ${shown(yearRaw)}）。2025 のように入力してください。`,
        })
      } else if (year !== ctx.fiscalYear) {
        problems.push({
          column: '年度',
          message: `「年度」が取込対象の${ctx.fiscalYear}年度と違います（この行は${year}年度）。`,
        })
      }
      const numberRaw = field('memberNumber')
      const memberNumber = parseMemberNumber(numberRaw)
      let memberId: number | undefined
      if (memberNumber === null) {
        problems.push({
          column: '組合員番号',
          message: `「組合員番号」が数字ではありません（値: ${shown(numberRaw)}）。`,
        })
      } else {
        memberId = ctx.memberIds.get(memberNumber)
        if (memberId === undefined) {
          problems.push({
            column: '組合員番号',
            message: `組合員番号 ${memberNumber} の組合員は登録されていません。先に組合員マスタを取り込んでください。`,
          })
        }
      }
      const values: Partial<Record<keyof ContributionReportRow, number>> = {}
      for (const [key, label] of NUMBER_COLUMNS) {
        const raw = field(key)
        const value = parseInteger(raw)
        if (value === null) {
          problems.push({
            column: label,
            message: `「${label}」を数値として読めません（値: ${shown(raw)}）。`,
          })
        } else values[key] = value
      }
      if (problems.length) return null
      const v = values as Record<keyof ContributionReportRow, number>
      if (v.unitsStart + v.unitsIncrease - v.unitsDecrease !== v.unitsEnd) {
        problems.push({
          column: '期末口数',
          message: `口数が合いません（期首 ${v.unitsStart} + 増加 ${v.unitsIncrease} − 減少 ${v.unitsDecrease} ≠ 期末 ${v.unitsEnd}）。`,
        })
      }
      if (v.amountStart + v.amountIncrease - v.amountDecrease !== v.amountEnd) {
        problems.push({
          column: '期末出資金',
          message: `出資金が合いません（期首 + 増加 − 減少 と期末が違います）。`,
        })
      }
      const first = ctx.seenMembers.get(memberId!)
      if (first) {
        problems.push({
          column: '組合員番号',
          message: `組合員番号 ${memberNumber} は${first}行目にもあります（1人1行にしてください）。`,
        })
      }
      if (problems.length) return null
      ctx.seenMembers.set(memberId!, line)
      return { ...v, line, memberId: memberId! }
    },
  }
}
