/**
 * Normalisation of what people type in Japanese forms: full-width digits and
 * letters, hiragana vs katakana, hyphens of every kind, stray spaces.
 */

const HYPHENS = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF70]/g

/*
 * CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) are how a name or an address is
 * written with the variant its owner uses: 塚 (U+FA10) is not 塚 (U+585A) on a letter. Every
 * Unicode normalisation, NFC included, replaces them by the unified character, so foldWidth
 * leaves them alone; comparisons fold them on purpose (foldCompatibilityIdeographs).
 */
const COMPATIBILITY_IDEOGRAPHS = '\\uF900-\\uFAFF\\u{2F800}-\\u{2FA1F}'
const HAS_COMPATIBILITY_IDEOGRAPH = new RegExp(`[${COMPATIBILITY_IDEOGRAPHS}]`, 'u')
const COMPATIBILITY_IDEOGRAPH_SPLIT = new RegExp(`([${COMPATIBILITY_IDEOGRAPHS}])`, 'u')
const EVERY_COMPATIBILITY_IDEOGRAPH = new RegExp(`[${COMPATIBILITY_IDEOGRAPHS}]`, 'gu')

/**
 * NFKC folds full-width ASCII and half-width katakana to their usual forms; CJK compatibility
 * ideographs are kept as typed.
 */
export function foldWidth(value: string): string {
  if (!HAS_COMPATIBILITY_IDEOGRAPH.test(value)) return value.normalize('NFKC')
  // Split around them (the capture keeps them at the odd indexes) and fold the rest.
  return value
    .split(COMPATIBILITY_IDEOGRAPH_SPLIT)
    .map((part, index) => (index % 2 === 1 ? part : part.normalize('NFKC')))
    .join('')
}

/** 塚 (U+FA10) -> 塚 (U+585A): for comparing, never for storing. */
export function foldCompatibilityIdeographs(value: string): string {
  return value.replace(EVERY_COMPATIBILITY_IDEOGRAPH, (char) => char.normalize('NFC'))
}

export function hiraganaToKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
}

/** Digits only: '０９０−１２３４−５６７８' -> '09012345678'. */
export function digitsOnly(value: string): string {
  return foldWidth(value).replace(HYPHENS, '').replace(/\D/g, '')
}

/**
 * Old and variant forms of kanji common in Japanese names (異体字), each folded to the form
 * people type: a caller or a clerk writes 高橋 for 髙橋, 斉藤 for 齋藤. For comparison only;
 * the registered name is always displayed and printed as it is. The list covers the
 * variants of surnames that keyboards and the core system's files commonly differ on;
 * 斎/斉 (distinct characters, constantly confused in 斉藤/斎藤) fold together on purpose.
 * Compatibility ideographs that NFKC already folds (e.g. U+FA1B 福) need no entry.
 */
export const KANJI_VARIANTS: Record<string, string> = {
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  德: '徳',
  邊: '辺',
  邉: '辺',
  齋: '斉',
  齊: '斉',
  斎: '斉',
  濱: '浜',
  櫻: '桜',
  澤: '沢',
  廣: '広',
  國: '国',
  嶋: '島',
  嶌: '島',
  冨: '富',
  眞: '真',
  瀨: '瀬',
  壽: '寿',
  實: '実',
  榮: '栄',
  惠: '恵',
  藏: '蔵',
  龍: '竜',
  槇: '槙',
  檜: '桧',
  峯: '峰',
  曾: '曽',
  條: '条',
  萬: '万',
  彌: '弥',
  與: '与',
  驒: '騨',
  淵: '渕',
  渊: '渕',
}

const KANJI_VARIANT_PATTERN = new RegExp(`[${Object.keys(KANJI_VARIANTS).join('')}]`, 'gu')

export function foldKanjiVariants(value: string): string {
  return value.replace(KANJI_VARIANT_PATTERN, (ch) => KANJI_VARIANTS[ch])
}

/**
 * A name or kana reduced for comparison: width-folded, katakana, no spaces, kanji variants
 * folded. 'やまだ はなこ' (with a full-width space) and 'ﾔﾏﾀﾞ ﾊﾅｺ' both give 'ヤマダハナコ';
 * '髙橋' gives '高橋'.
 */
export function comparableName(value: string): string {
  return foldKanjiVariants(
    foldCompatibilityIdeographs(hiraganaToKatakana(foldWidth(value)))
  ).replace(/\s+/g, '')
}

/**
 * What staff search matches against (members.search_name): the comparable name and kana
 * joined. Written with every name change (Member.refreshSearchName, the member-master
 * import); when the folding rules change, a migration refills it (refreshSearchNames).
 */
export function searchableName(name: string, nameKana: string): string {
  return `${comparableName(name)} ${comparableName(nameKana)}`
}

export function formatPostalCode(digits: string | null): string {
  if (!digits) return ''
  return digits.length === 7 ? `〒${digits.slice(0, 3)}-${digits.slice(3)}` : digits
}

/** Japanese phone numbers, grouped by the most common area-code lengths. */
export function formatPhone(digits: string | null): string {
  if (!digits) return ''
  if (/^0[5789]0\d{8}$/.test(digits)) {
    return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
  }
  if (/^0120\d{6}$/.test(digits)) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`
  }
  if (/^0\d{9}$/.test(digits)) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`
  }
  return digits
}
