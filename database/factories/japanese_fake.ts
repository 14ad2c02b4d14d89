import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { BUSINESS_ZONE } from '#domain/common/clock'

/**
 * Small, dependency-free Japanese fake data for factories and the demo seed:
 * names with matching katakana, Fukui-prefecture addresses, school
 * affiliations and a product catalogue for statement lines. A seeded PRNG
 * (mulberry32) makes a sequence repeatable: the demo seed always produces the
 * same people; factories use one shared instance per process.
 */

export interface KanaPair {
  name: string
  kana: string
}

/** Family names with their readings; includes IBM-extension kanji (髙, 﨑) on purpose (CP932 round trips). */
export const FAMILY_NAMES: readonly KanaPair[] = [
  { name: '山田', kana: 'ヤマダ' },
  { name: '佐藤', kana: 'サトウ' },
  { name: '鈴木', kana: 'スズキ' },
  { name: '高橋', kana: 'タカハシ' },
  { name: '田中', kana: 'タナカ' },
  { name: '渡辺', kana: 'ワタナベ' },
  { name: '伊藤', kana: 'イトウ' },
  { name: '中村', kana: 'ナカムラ' },
  { name: '小林', kana: 'コバヤシ' },
  { name: '加藤', kana: 'カトウ' },
  { name: '吉田', kana: 'ヨシダ' },
  { name: '山本', kana: 'ヤマモト' },
  { name: '髙橋', kana: 'タカハシ' },
  { name: '﨑山', kana: 'サキヤマ' },
  { name: '山﨑', kana: 'ヤマザキ' },
  { name: '齋藤', kana: 'サイトウ' },
  { name: '渡邊', kana: 'ワタナベ' },
  { name: '坪川', kana: 'ツボカワ' },
  { name: '前田', kana: 'マエダ' },
  { name: '松田', kana: 'マツダ' },
  { name: '清水', kana: 'シミズ' },
  { name: '林', kana: 'ハヤシ' },
  { name: '坂井', kana: 'サカイ' },
  { name: '橋本', kana: 'ハシモト' },
  { name: '斎藤', kana: 'サイトウ' },
  { name: '森', kana: 'モリ' },
  { name: '池田', kana: 'イケダ' },
  { name: '松本', kana: 'マツモト' },
  { name: '竹内', kana: 'タケウチ' },
  { name: '大久保', kana: 'オオクボ' },
  { name: '長谷川', kana: 'ハセガワ' },
  { name: '五十嵐', kana: 'イガラシ' },
  { name: '北川', kana: 'キタガワ' },
  { name: '野村', kana: 'ノムラ' },
  { name: '宮本', kana: 'ミヤモト' },
  { name: '酒井', kana: 'サカイ' },
  { name: '藤田', kana: 'フジタ' },
  { name: '岡田', kana: 'オカダ' },
  { name: '上田', kana: 'ウエダ' },
  { name: '三田村', kana: 'ミタムラ' },
]

export const FEMALE_GIVEN_NAMES: readonly KanaPair[] = [
  { name: '花子', kana: 'ハナコ' },
  { name: '美咲', kana: 'ミサキ' },
  { name: '陽子', kana: 'ヨウコ' },
  { name: '恵子', kana: 'ケイコ' },
  { name: '由美', kana: 'ユミ' },
  { name: '真由美', kana: 'マユミ' },
  { name: '直美', kana: 'ナオミ' },
  { name: '智子', kana: 'トモコ' },
  { name: '裕子', kana: 'ユウコ' },
  { name: '明美', kana: 'アケミ' },
  { name: 'さくら', kana: 'サクラ' },
  { name: '葵', kana: 'アオイ' },
  { name: '彩', kana: 'アヤ' },
  { name: '結衣', kana: 'ユイ' },
  { name: '奈々', kana: 'ナナ' },
  { name: '千尋', kana: 'チヒロ' },
  { name: '京子', kana: 'キョウコ' },
  { name: '久美子', kana: 'クミコ' },
  { name: '麻衣', kana: 'マイ' },
  { name: '香織', kana: 'カオリ' },
]

export const MALE_GIVEN_NAMES: readonly KanaPair[] = [
  { name: '太郎', kana: 'タロウ' },
  { name: '一郎', kana: 'イチロウ' },
  { name: '健一', kana: 'ケンイチ' },
  { name: '浩二', kana: 'コウジ' },
  { name: '誠', kana: 'マコト' },
  { name: '大輔', kana: 'ダイスケ' },
  { name: '翔太', kana: 'ショウタ' },
  { name: '拓也', kana: 'タクヤ' },
  { name: '健太', kana: 'ケンタ' },
  { name: '修', kana: 'オサム' },
  { name: '隆', kana: 'タカシ' },
  { name: '和也', kana: 'カズヤ' },
  { name: '正人', kana: 'マサト' },
  { name: '直樹', kana: 'ナオキ' },
  { name: '悠真', kana: 'ユウマ' },
  { name: '蓮', kana: 'レン' },
  { name: '博之', kana: 'ヒロユキ' },
  { name: '哲也', kana: 'テツヤ' },
  { name: '聡', kana: 'サトシ' },
  { name: '康弘', kana: 'ヤスヒロ' },
]

/** Towns in Fukui prefecture with their postal codes (digits only, as stored). */
export const FUKUI_TOWNS: readonly { postalCode: string; city: string; town: string }[] = [
  { postalCode: '9100005', city: '福井市', town: '大手' },
  { postalCode: '9100006', city: '福井市', town: '中央' },
  { postalCode: '9100004', city: '福井市', town: '宝永' },
  { postalCode: '9100023', city: '福井市', town: '順化' },
  { postalCode: '9100017', city: '福井市', town: '文京' },
  { postalCode: '9100015', city: '福井市', town: '二の宮' },
  { postalCode: '9100001', city: '福井市', town: '大願寺' },
  { postalCode: '9100854', city: '福井市', town: '御幸' },
  { postalCode: '9100067', city: '福井市', town: '新田塚' },
  { postalCode: '9100842', city: '福井市', town: '開発' },
  { postalCode: '9100026', city: '福井市', town: '光陽' },
  { postalCode: '9100837', city: '福井市', town: '高柳' },
  { postalCode: '9180004', city: '福井市', town: '西木田' },
  { postalCode: '9160027', city: '鯖江市', town: '桜町' },
  { postalCode: '9150814', city: '越前市', town: '村国' },
  { postalCode: '9140063', city: '敦賀市', town: '神楽町' },
  { postalCode: '9120087', city: '大野市', town: '城町' },
  { postalCode: '9130041', city: '坂井市', town: '三国町北本町' },
  { postalCode: '9103623', city: '福井市', town: '松岡葵' },
]

const BUILDINGS = ['コーポ足羽', 'メゾン九十九橋', 'ハイツ桜', 'グランドール文京', 'サンライズ光陽']

/** Affiliations of the demo data: schools, the prefectural office and retired members. */
export interface AffiliationSample {
  code: string
  name: string
  nameKana: string
}

export const SCHOOL_AFFILIATIONS: readonly AffiliationSample[] = [
  { code: '201001', name: '福井市立明倫中学校', nameKana: 'フクイシリツメイリンチュウガッコウ' },
  { code: '101012', name: '福井市立足羽小学校', nameKana: 'フクイシリツアスワショウガッコウ' },
  {
    code: '301003',
    name: '福井県立藤島高等学校',
    nameKana: 'フクイケンリツフジシマコウトウガッコウ',
  },
  { code: '202004', name: '鯖江市立中央中学校', nameKana: 'サバエシリツチュウオウチュウガッコウ' },
  {
    code: '103021',
    name: '敦賀市立敦賀南小学校',
    nameKana: 'ツルガシリツツルガミナミショウガッコウ',
  },
  {
    code: '203007',
    name: '越前市立武生第一中学校',
    nameKana: 'エチゼンシリツタケフダイイチチュウガッコウ',
  },
  {
    code: '401001',
    name: '福井県立福井南特別支援学校',
    nameKana: 'フクイケンリツフクイミナミトクベツシエンガッコウ',
  },
  { code: '104015', name: '坂井市立三国小学校', nameKana: 'サカイシリツミクニショウガッコウ' },
  {
    code: '102030',
    name: '大野市立有終西小学校',
    nameKana: 'オオノシリツユウシュウニシショウガッコウ',
  },
]

export const OFFICE_AFFILIATION: AffiliationSample = {
  code: '900100',
  name: '福井県教育庁',
  nameKana: 'フクイケンキョウイクチョウ',
}

export const RETIRED_AFFILIATION: AffiliationSample = {
  code: '999999',
  name: '退職者',
  nameKana: 'タイショクシャ',
}

/** Statement catalogue: realistic co-op purchases. Tax: 8 % for food, 0 for insurance, else 10 %. */
export interface CatalogueItem {
  category: string
  itemName: string
  unitPrice: number
  taxRate: 0 | 8 | 10
  maxQuantity: number
}

export const CATALOGUE: readonly CatalogueItem[] = [
  {
    category: '食品',
    itemName: '福井県産コシヒカリ 5kg',
    unitPrice: 2980,
    taxRate: 8,
    maxQuantity: 2,
  },
  { category: '食品', itemName: 'いちほまれ 2kg', unitPrice: 1680, taxRate: 8, maxQuantity: 2 },
  { category: '食品', itemName: '羽二重餅 12枚入', unitPrice: 980, taxRate: 8, maxQuantity: 3 },
  {
    category: '食品',
    itemName: '越前おろしそば 4食セット',
    unitPrice: 1080,
    taxRate: 8,
    maxQuantity: 2,
  },
  { category: '食品', itemName: '水ようかん 2枚入', unitPrice: 1350, taxRate: 8, maxQuantity: 2 },
  { category: '食品', itemName: 'へしこ（さば）', unitPrice: 1480, taxRate: 8, maxQuantity: 1 },
  { category: '食品', itemName: '牛乳 1L', unitPrice: 238, taxRate: 8, maxQuantity: 4 },
  { category: '食品', itemName: '国産たまご 10個入', unitPrice: 298, taxRate: 8, maxQuantity: 2 },
  {
    category: '食品',
    itemName: 'ドリップコーヒー 20袋',
    unitPrice: 880,
    taxRate: 8,
    maxQuantity: 2,
  },
  {
    category: '食品',
    itemName: '緑茶ティーバッグ 50袋',
    unitPrice: 398,
    taxRate: 8,
    maxQuantity: 3,
  },
  { category: '食品', itemName: '冷凍ギョーザ 30個', unitPrice: 598, taxRate: 8, maxQuantity: 3 },
  {
    category: '日用品',
    itemName: 'ティッシュペーパー 5箱',
    unitPrice: 398,
    taxRate: 10,
    maxQuantity: 3,
  },
  {
    category: '日用品',
    itemName: 'トイレットペーパー 12ロール',
    unitPrice: 548,
    taxRate: 10,
    maxQuantity: 2,
  },
  {
    category: '日用品',
    itemName: '洗濯用液体洗剤 詰替',
    unitPrice: 498,
    taxRate: 10,
    maxQuantity: 3,
  },
  { category: '日用品', itemName: '食器用洗剤 600ml', unitPrice: 198, taxRate: 10, maxQuantity: 3 },
  {
    category: '日用品',
    itemName: 'ハンドソープ 詰替',
    unitPrice: 248,
    taxRate: 10,
    maxQuantity: 3,
  },
  {
    category: '文具',
    itemName: 'ゲルインクボールペン 10本',
    unitPrice: 1100,
    taxRate: 10,
    maxQuantity: 2,
  },
  { category: '文具', itemName: 'B5ノート 5冊パック', unitPrice: 528, taxRate: 10, maxQuantity: 3 },
  { category: '文具', itemName: '赤ペン 採点用 5本', unitPrice: 495, taxRate: 10, maxQuantity: 2 },
  { category: '文具', itemName: '付箋 ふせん 10冊', unitPrice: 660, taxRate: 10, maxQuantity: 2 },
  { category: '文具', itemName: '修正テープ 3個', unitPrice: 572, taxRate: 10, maxQuantity: 2 },
  { category: '書籍', itemName: '月刊 教育技術', unitPrice: 880, taxRate: 10, maxQuantity: 1 },
  {
    category: '書籍',
    itemName: '学習指導要領解説 総則編',
    unitPrice: 352,
    taxRate: 10,
    maxQuantity: 1,
  },
  { category: '書籍', itemName: '福井の歴史散歩', unitPrice: 1980, taxRate: 10, maxQuantity: 1 },
  {
    category: '書籍',
    itemName: '学級経営ハンドブック',
    unitPrice: 2420,
    taxRate: 10,
    maxQuantity: 1,
  },
  {
    category: '旅行',
    itemName: 'あわら温泉 宿泊プラン（1泊2食）',
    unitPrice: 18700,
    taxRate: 10,
    maxQuantity: 2,
  },
  {
    category: '旅行',
    itemName: '東尋坊・永平寺 日帰りバスツアー',
    unitPrice: 6800,
    taxRate: 10,
    maxQuantity: 2,
  },
  { category: '旅行', itemName: '恐竜博物館 入館券', unitPrice: 1000, taxRate: 10, maxQuantity: 4 },
  { category: '旅行', itemName: '映画鑑賞券', unitPrice: 1300, taxRate: 10, maxQuantity: 4 },
  { category: '家電', itemName: '電気ケトル 1.0L', unitPrice: 3980, taxRate: 10, maxQuantity: 1 },
  {
    category: '家電',
    itemName: '単三アルカリ乾電池 20本',
    unitPrice: 1280,
    taxRate: 10,
    maxQuantity: 1,
  },
]

const BIG_TICKET_CATEGORIES = new Set(['旅行', '家電'])
const BIG_TICKET_ITEMS = CATALOGUE.filter((item) => BIG_TICKET_CATEGORIES.has(item.category))
const EVERYDAY_ITEMS = CATALOGUE.filter((item) => !BIG_TICKET_CATEGORIES.has(item.category))

/** Monthly insurance / mutual-aid premiums (non-taxable). */
export const INSURANCE_PLANS: readonly CatalogueItem[] = [
  {
    category: '保険',
    itemName: '団体総合生活補償保険 月払保険料',
    unitPrice: 2350,
    taxRate: 0,
    maxQuantity: 1,
  },
  {
    category: '保険',
    itemName: '教職員賠償責任保険 月払保険料',
    unitPrice: 450,
    taxRate: 0,
    maxQuantity: 1,
  },
  { category: '保険', itemName: '火災共済 掛金', unitPrice: 1200, taxRate: 0, maxQuantity: 1 },
  {
    category: '保険',
    itemName: '自動車保険 分割保険料',
    unitPrice: 6480,
    taxRate: 0,
    maxQuantity: 1,
  },
]

/** The usual tax rate of a category: 8 % (reduced) for food, 0 for insurance, 10 % otherwise. */
export function taxRateForCategory(category: string): 0 | 8 | 10 {
  if (category === '食品') return 8
  if (category === '保険') return 0
  return 10
}

export interface FakeStatementLine {
  lineNumber: number
  /** 'yyyy-MM-dd' */
  lineDate: string
  category: string
  itemName: string
  quantity: number
  unitPrice: number
  amount: number
  taxRate: number
}

/** Mulberry32: tiny, fast, good enough for fake data. */
function mulberry32(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class JapaneseFake {
  #next: () => number

  constructor(seed: number = 20261125) {
    this.#next = mulberry32(seed)
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next()
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.#next() < probability
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#next() * list.length)]
  }

  /** `count` distinct elements (or all of them when the list is shorter). */
  sample<T>(list: readonly T[], count: number): T[] {
    const copy = [...list]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy.slice(0, count)
  }

  digits(length: number): string {
    let value = ''
    for (let i = 0; i < length; i++) value += String(this.int(0, 9))
    return value
  }

  hex(length: number): string {
    let value = ''
    for (let i = 0; i < length; i++) value += this.int(0, 15).toString(16)
    return value
  }

  /** '山田 花子' / 'ヤマダ ハナコ' (family name first, one half-width space). */
  person(gender: 'female' | 'male' = this.chance(0.55) ? 'female' : 'male'): {
    name: string
    nameKana: string
    gender: 'female' | 'male'
  } {
    const family = this.pick(FAMILY_NAMES)
    const given = this.pick(gender === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)
    return {
      name: `${family.name} ${given.name}`,
      nameKana: `${family.kana} ${given.kana}`,
      gender,
    }
  }

  /** Postal code (digits) and an address such as 福井県福井市大手3丁目17-1. */
  address(): { postalCode: string; address: string } {
    const town = this.pick(FUKUI_TOWNS)
    let address = `福井県${town.city}${town.town}${this.int(1, 5)}丁目${this.int(1, 30)}-${this.int(1, 20)}`
    if (this.chance(0.25))
      address += ` ${this.pick(BUILDINGS)} ${this.int(1, 4)}0${this.int(1, 8)}号`
    return { postalCode: town.postalCode, address }
  }

  /** Digits only: a mobile number (090/080/070) or a Fukui land line (0776). */
  phone(): string {
    if (this.chance(0.75)) return `${this.pick(['090', '080', '070'])}${this.digits(8)}`
    return `0776${this.int(2, 9)}${this.digits(5)}`
  }

  /** A date between two dates (inclusive), as a Japan calendar date. */
  dateBetween(from: DateTime, to: DateTime): DateTime {
    const start = from.setZone(BUSINESS_ZONE).startOf('day')
    const days = Math.max(0, Math.floor(to.setZone(BUSINESS_ZONE).diff(start, 'days').days))
    return start.plus({ days: this.int(0, days) })
  }

  /** A birth date giving an age in [minAge, maxAge] today. */
  birthDate(minAge: number, maxAge: number, today: DateTime): DateTime {
    return this.dateBetween(
      today.minus({ years: maxAge + 1 }).plus({ days: 1 }),
      today.minus({ years: minAge })
    )
  }

  /** Everyday items mostly; travel and appliances (big tickets) now and then. */
  catalogueItem(): CatalogueItem {
    return this.chance(0.06) ? this.pick(BIG_TICKET_ITEMS) : this.pick(EVERYDAY_ITEMS)
  }

  /**
   * Random purchase lines dated in `billingMonth` ('YYYY-MM'), sorted by date and
   * numbered from 1. `insurance` adds that fixed premium on the 27th; a return
   * (返品, negative) or a discount (値引) line appears now and then.
   */
  statementLines(
    billingMonth: string,
    count: number,
    options: { insurance?: CatalogueItem | null } = {}
  ): FakeStatementLine[] {
    const month = DateTime.fromFormat(billingMonth, 'yyyy-MM', { zone: BUSINESS_ZONE })
    const lastDay = Math.min(28, month.daysInMonth ?? 28)
    const raw: Omit<FakeStatementLine, 'lineNumber'>[] = []
    const dateOn = (day: number) => month.set({ day }).toFormat('yyyy-MM-dd')

    if (options.insurance) {
      const plan = options.insurance
      raw.push({
        lineDate: dateOn(Math.min(27, lastDay)),
        category: plan.category,
        itemName: plan.itemName,
        quantity: 1,
        unitPrice: plan.unitPrice,
        amount: plan.unitPrice,
        taxRate: plan.taxRate,
      })
    }
    while (raw.length < count) {
      const item = this.catalogueItem()
      const quantity = this.int(1, item.maxQuantity)
      const day = this.int(1, lastDay)
      raw.push({
        lineDate: dateOn(day),
        category: item.category,
        itemName: item.itemName,
        quantity,
        unitPrice: item.unitPrice,
        amount: item.unitPrice * quantity,
        taxRate: item.taxRate,
      })
      if (raw.length < count && this.chance(0.03)) {
        // The same item returned a few days later.
        raw.push({
          lineDate: dateOn(this.int(day, lastDay)),
          category: '返品',
          itemName: `${item.itemName}（返品）`,
          quantity: -1,
          unitPrice: item.unitPrice,
          amount: -item.unitPrice,
          taxRate: item.taxRate,
        })
      } else if (raw.length < count && this.chance(0.02)) {
        const discount = this.pick([100, 200, 300, 500])
        raw.push({
          lineDate: dateOn(this.int(1, lastDay)),
          category: '値引',
          itemName: '組合員まとめ買い値引',
          quantity: 1,
          unitPrice: -discount,
          amount: -discount,
          taxRate: 10,
        })
      }
    }
    return raw
      .sort((a, b) => (a.lineDate < b.lineDate ? -1 : a.lineDate > b.lineDate ? 1 : 0))
      .map((line, index) => ({ lineNumber: index + 1, ...line }))
  }
}

/** The instance factories share. Deterministic sequence per process. */
export const fake = new JapaneseFake()

/**
 * Process-unique suffixes for unique columns (member numbers, e-mails, staff
 * ids): a random base per process, so two test processes sharing a database
 * file do not collide, then a counter.
 */
let uniqueCounter = 0
const uniqueBase = randomInt(0, 2_000_000)

export function uniqueSequence(): number {
  uniqueCounter += 1
  return uniqueBase + uniqueCounter
}

/** A unique 7-digit member number in 5000000–7999999 (the demo seed uses 1000001–1999999). */
export function uniqueMemberNumber(): string {
  return String(5_000_000 + (uniqueSequence() % 3_000_000)).padStart(7, '0')
}
