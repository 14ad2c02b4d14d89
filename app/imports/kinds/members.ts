import { DateTime } from 'luxon'
import type { ColumnSpec, KindSchema, RowProblem } from '#imports/rows'
import { shown } from '#imports/rows'
import { cleanText, parseDate, parseMemberNumber } from '#imports/fields'
import { digitsOnly } from '#domain/common/japanese_text'
import { refundDateFor } from '#domain/members/withdrawal'

/** One member of the member master (組合員マスタ). */
export interface MemberRow {
  line: number
  memberNumber: string
  name: string
  nameKana: string
  birthDate: string
  phone: string | null
  postalCode: string | null
  address: string | null
  affiliationCode: string | null
  affiliationName: string | null
  category: 'active' | 'retired'
  joinedOn: string
  withdrawalAcceptedOn: string | null
  refundOn: string | null
}

const column = (
  key: string,
  label: string,
  aliases: string[],
  required: boolean,
  example: string,
  note: string
): ColumnSpec => ({ key, label, aliases, required, example, note })

export const MEMBER_COLUMNS: ColumnSpec[] = [
  column(
    'memberNumber',
    '組合員番号',
    ['組合員コード', '組合員NO', '組合員No.'],
    true,
    '1000001',
    '数字（1人1行）'
  ),
  column('name', '氏名', ['名前', '組合員氏名'], true, '山田 花子', '100文字まで'),
  column(
    'nameKana',
    'フリガナ',
    ['氏名カナ', 'カナ', 'ふりがな'],
    true,
    'ヤマダ ハナコ',
    '200文字まで'
  ),
  column(
    'birthDate',
    '生年月日',
    ['誕生日'],
    true,
    '1980/04/01',
    '2026/11/05、2026-11-05、20261105'
  ),
  column(
    'phone',
    '電話番号',
    ['電話', 'TEL'],
    false,
    '0776-12-3456',
    'ハイフンは有っても無くても可'
  ),
  column('postalCode', '郵便番号', ['〒'], false, '910-0001', '7桁'),
  column('address', '住所', [], false, '福井県福井市大手3-1-1', '300文字まで'),
  column(
    'affiliationCode',
    '所属コード',
    ['所属CD', '学校コード'],
    false,
    'S001',
    '未登録のコードは所属名と一緒なら新しく登録します'
  ),
  column('affiliationName', '所属名', ['学校名', '所属'], false, '福井市立大手小学校', ''),
  column(
    'category',
    '区分',
    ['現職退職区分', '組合員区分'],
    false,
    '現職',
    '現職 または 退職（空欄は現職）'
  ),
  column('joinedOn', '加入日', ['加入年月日'], true, '2010/04/01', '日付'),
  column(
    'withdrawalAcceptedOn',
    '脱退受理日',
    ['脱退届受理日'],
    false,
    '',
    '脱退届を受理した日（返還日は年度末の3月31日）'
  ),
]

export function memberSchema(ctx: {
  seenNumbers: Map<string, number>
  affiliationCodes: Set<string>
}): KindSchema<MemberRow> {
  return {
    kind: 'members',
    columns: MEMBER_COLUMNS,
    check(field, line, problems: RowProblem[]) {
      const numberRaw = field('memberNumber')
      const memberNumber = parseMemberNumber(numberRaw)
      if (memberNumber === null) {
        problems.push({
          column: '組合員番号',
          message: `「組合員番号」が数字ではありません（値: ${shown(numberRaw)}）。`,
        })
      }
      const name = cleanText(field('name'))
      if (!name || name.length > 100) {
        problems.push({ column: '氏名', message: '「氏名」を100文字までで入力してください。' })
      }
      const nameKana = cleanText(field('nameKana'))
      if (!nameKana || nameKana.length > 200) {
        problems.push({
          column: 'フリガナ',
          message: '「フリガナ」を200文字までで入力してください。',
        })
      }
      const dates: Record<string, string | null> = {}
      for (const [key, label, required] of [
        ['birthDate', '生年月日', true],
        ['joinedOn', '加入日', true],
        ['withdrawalAcceptedOn', '脱退受理日', false],
      ] as const) {
        const raw = field(key).trim()
        if (!raw && !required) {
          dates[key] = null
          continue
        }
        dates[key] = parseDate(raw)
        if (dates[key] === null) {
          problems.push({
            column: label,
            message: `「${label}」を日付として読めません（値: ${shown(raw)}）。2026/11/05 のように入力してください。`,
          })
        }
      }
      const phone = digitsOnly(field('phone'))
      if (phone && (phone.length < 10 || phone.length > 11)) {
        problems.push({
          column: '電話番号',
          message: '「電話番号」は10桁か11桁の数字にしてください。',
        })
      }
      const postalCode = digitsOnly(field('postalCode'))
      if (postalCode && postalCode.length !== 7) {
        problems.push({ column: '郵便番号', message: '「郵便番号」は7桁の数字にしてください。' })
      }
      const address = cleanText(field('address'))
      if (address.length > 300) {
        problems.push({ column: '住所', message: '「住所」が長すぎます（300文字まで）。' })
      }
      const affiliationCode = cleanText(field('affiliationCode')).normalize('NFKC') || null
      const affiliationName = cleanText(field('affiliationName')) || null
      // The affiliations table's own limits: longer values would stop the commit on PostgreSQL.
      if (affiliationCode && affiliationCode.length > 20) {
        problems.push({
          column: '所属コード',
          message: '「所属コード」が長すぎます（20文字まで）。',
        })
      }
      if (affiliationName && affiliationName.length > 100) {
        problems.push({ column: '所属名', message: '「所属名」が長すぎます（100文字まで）。' })
      }
      if (affiliationCode && !ctx.affiliationCodes.has(affiliationCode) && !affiliationName) {
        problems.push({
          column: '所属コード',
          message: `所属コード ${affiliationCode} は登録されていません。新しい所属なら「所属名」も入力してください。`,
        })
      }
      const categoryRaw = cleanText(field('category'))
      let category: 'active' | 'retired' = 'active'
      if (categoryRaw === '退職' || categoryRaw === 'retired') category = 'retired'
      else if (categoryRaw && categoryRaw !== '現職' && categoryRaw !== 'active') {
        problems.push({ column: '区分', message: '「区分」は「現職」か「退職」にしてください。' })
      }
      if (memberNumber !== null) {
        const first = ctx.seenNumbers.get(memberNumber)
        if (first) {
          problems.push({
            column: '組合員番号',
            message: `組合員番号 ${memberNumber} は${first}行目にもあります（1人1行にしてください）。`,
          })
        } else ctx.seenNumbers.set(memberNumber, line)
      }
      if (problems.length) return null
      const accepted = dates.withdrawalAcceptedOn
      return {
        line,
        memberNumber: memberNumber!,
        name,
        nameKana,
        birthDate: dates.birthDate!,
        phone: phone || null,
        postalCode: postalCode || null,
        address: address || null,
        affiliationCode,
        affiliationName,
        category,
        joinedOn: dates.joinedOn!,
        withdrawalAcceptedOn: accepted,
        refundOn: accepted ? refundDateFor(DateTime.fromISO(accepted)).toISODate() : null,
      }
    },
  }
}
