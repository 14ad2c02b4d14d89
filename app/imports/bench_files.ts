import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import iconv from 'iconv-lite'

/*
| Files the benchmark commands import, written as the core system writes them (CP932, CRLF):
| a member master and a month of statements.
*/

/** Writes `header` and `count` lines (`lineOf(i)`, without the line break) to `file` in CP932. */
export async function writeCp932File(
  file: string,
  header: string,
  count: number,
  lineOf: (index: number) => string
) {
  const out = createWriteStream(file)
  let text = header + '\r\n'
  for (let i = 0; i < count; i++) {
    text += lineOf(i) + '\r\n'
    if (text.length > 1_000_000) {
      if (!out.write(iconv.encode(text, 'cp932'))) await once(out, 'drain')
      text = ''
    }
  }
  out.write(iconv.encode(text, 'cp932'))
  out.end()
  await once(out, 'finish')
}

export const MEMBER_MASTER_HEADER =
  '組合員番号,氏名,フリガナ,生年月日,電話番号,郵便番号,住所,所属コード,所属名,区分,加入日,脱退受理日'

export function schoolCode(index: number) {
  return `S${String(index + 1).padStart(4, '0')}`
}

/**
 * Line `i` of a member master: member number `firstNumber + i`, at school `school` (its name
 * given when `schoolName` is not empty), one in 50 withdrawn on 2026/06/30, one in 7 retired.
 */
export function memberMasterLine(
  firstNumber: number,
  i: number,
  school: number,
  schoolName: string
) {
  const year = 1960 + (i % 40)
  const withdrawal = i % 50 === 0 ? '2026/06/30' : ''
  const category = i % 7 === 0 ? '退職' : '現職'
  return `${firstNumber + i},福井 花子${i},フクイ ハナコ,${year}/04/0${(i % 9) + 1},0776-${String(i % 100).padStart(2, '0')}-${String(i % 10000).padStart(4, '0')},910-00${String(i % 100).padStart(2, '0')},福井県福井市大手${(i % 5) + 1}丁目${i % 30}番地,${schoolCode(school)},${schoolName},${category},2010/04/01,${withdrawal}`
}

export const STATEMENT_HEADER = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率'

const ITEMS = [
  ['食品', '牛乳 1000ml', 238, 8],
  ['食品', '国産豚こま切れ 300g', 598, 8],
  ['食品', '鶏むね肉 2枚', 458, 8],
  ['食品', '卵 10個', 268, 8],
  ['食品', '食パン 6枚切', 178, 8],
  ['食品', 'バナナ 1房', 198, 8],
  ['食品', '冷凍うどん 5食', 328, 8],
  ['食品', '納豆 3パック', 98, 8],
  ['日用品', 'ティッシュペーパー 5箱', 398, 10],
  ['日用品', '洗濯用洗剤 詰替', 348, 10],
  ['日用品', 'トイレットペーパー 12ロール', 498, 10],
  ['衣料', '靴下 3足組', 980, 10],
  ['書籍', '教育書 指導の手引き', 2200, 10],
  ['保険', '共済掛金', 1200, 0],
  ['保険', '火災共済掛金', 800, 0],
] as const

/**
 * Line `line` (0 to 14) of member `member`'s statement for `month` ('2026/10'): fifteen different
 * items on different days, so no two lines are duplicates.
 */
export function monthlyStatementLine(month: string, memberNumber: number, line: number) {
  const [category, item, price, tax] = ITEMS[line % ITEMS.length]
  const quantity = (line % 3) + 1
  const day = String(((line * 2 + memberNumber) % 28) + 1).padStart(2, '0')
  return `${month},${memberNumber},${month}/${day},${category},"${item}",${quantity},"${price.toLocaleString('en-US')}","${(price * quantity).toLocaleString('en-US')}",${tax}`
}
