import { test } from '@japa/runner'
import iconv from 'iconv-lite'
import {
  encodeShiftJis,
  GETA,
  unencodableCharacters,
  UnencodableCharactersError,
  withCp932Counterparts,
} from '#documents/shift_jis'
import { encodeCsv } from '#documents/csv'

test.group('Shift_JIS exports: nothing becomes a silent ?', () => {
  test('what a Mac or iPhone types is written as the CP932 character a Windows user gets', ({
    assert,
  }) => {
    // U+2212 minus, U+301C wave dash, U+2016, U+00A2, U+00A3, U+00AC, U+2014, U+00A6
    const typed = '福井市大手3\u22121\u22122 \u301C \u2016 \u00A2\u00A3\u00AC \u2014 \u00A6'
    const bytes = encodeShiftJis(typed)
    assert.notInclude(bytes.toString('latin1'), '?')
    assert.equal(
      iconv.decode(bytes, 'cp932'),
      '福井市大手3\uFF0D1\uFF0D2 \uFF5E \u2225 \uFFE0\uFFE1\uFFE2 \u2015 \uFFE4'
    )
    // ＝ the bytes Windows writes for －: 0x81 0x7C
    assert.deepEqual([...encodeShiftJis('\u2212')], [0x81, 0x7c])
    assert.equal(withCp932Counterparts('a\u301Cb'), 'a\uFF5Eb')
  })

  test('the characters CP932 has (髙﨑, ①㈱, ～, a real "?") are written as they are', ({
    assert,
  }) => {
    const text = '髙橋 﨑 ①㈱ ～ 本当に？ a?b'
    assert.equal(iconv.decode(encodeShiftJis(text), 'cp932'), text)
    assert.deepEqual(unencodableCharacters(text), [])
  })

  test('a character with no CP932 form is refused, naming it and its line', ({ assert }) => {
    const csv = '組合員番号,氏名\r\n1000001,𠮷田 太郎\r\n1000002,佐藤 花子\r\n1000003,山田 😀\r\n'
    assert.deepEqual(unencodableCharacters(csv), [
      { char: '𠮷', line: 2 },
      { char: '😀', line: 4 },
    ])
    try {
      encodeCsv(csv, 'sjis')
      assert.fail('the Shift_JIS file must be refused')
    } catch (error) {
      assert.instanceOf(error, UnencodableCharactersError)
      assert.equal((error as UnencodableCharactersError).describe(), '2行目の「𠮷」、4行目の「😀」')
    }
  })

  test('on request such characters are written as 〓, never as ?', ({ assert }) => {
    const csv = '1000001,𠮷田 太郎\u2212😀\r\n'
    const bytes = encodeCsv(csv, 'sjis_geta')
    const text = iconv.decode(bytes, 'cp932')
    assert.equal(text, `1000001,${GETA}田 太郎\uFF0D${GETA}\r\n`)
    assert.notInclude(text, '?')
  })

  test('UTF-8 keeps every character, with the BOM Excel needs', ({ assert }) => {
    const bytes = encodeCsv('𠮷田\u2212😀', 'utf8')
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    assert.equal(bytes.subarray(3).toString('utf8'), '𠮷田\u2212😀')
  })
})
