import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  IDENTITY_ITEMS,
  isEnoughToUnlock,
  matchIdentity,
  type IdentityItem,
  type IdentityRecord,
  type StatedIdentity,
} from '#domain/desk/identity_matching'

const record: IdentityRecord = {
  memberNumber: '1000002',
  name: '山田 花子',
  nameKana: 'ヤマダ ハナコ',
  birthDate: DateTime.fromISO('1980-04-01'),
  phone: '09012345678',
  postalCode: '9100001',
  affiliationCode: 'A012',
  affiliationName: '福井市立明倫中学校',
}

/** What a caller who knows everything would say, item by item. */
const correct: Record<IdentityItem, string> = {
  memberNumber: '1000002',
  name: 'やまだ はなこ',
  birthDate: '昭和55年4月1日',
  phone: '090-1234-5678',
  postalCode: '910-0001',
  affiliation: '福井市立明倫中学校',
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => all.concat(all.map((s) => [...s, item])), [[]])
}

test.group('Identity matching: the unlock rule', () => {
  test('every combination of items: (number or name) + birth date + one more unlocks', ({
    assert,
  }) => {
    for (const given of subsets(IDENTITY_ITEMS)) {
      const stated: StatedIdentity = Object.fromEntries(given.map((item) => [item, correct[item]]))
      const check = matchIdentity(stated, record)
      const expected =
        (given.includes('memberNumber') || given.includes('name')) &&
        given.includes('birthDate') &&
        given.length >= 3
      assert.equal(check.verified, expected, `items: ${given.join(',') || '(none)'}`)
      assert.sameMembers(check.matched, given)
    }
  })

  test('a wrong item does not count, and the rule needs the birth date', ({ assert }) => {
    const check = matchIdentity(
      { memberNumber: '1000002', birthDate: '1980/4/2', phone: '09012345678' },
      record
    )
    assert.isFalse(check.verified)
    assert.equal(check.items.birthDate, 'unmatched')
    assert.equal(check.items.postalCode, 'not_given')
    assert.isFalse(isEnoughToUnlock(['memberNumber', 'name', 'phone', 'postalCode']))
    assert.isTrue(isEnoughToUnlock(['name', 'birthDate', 'affiliation']))
    assert.isFalse(isEnoughToUnlock(['birthDate', 'phone', 'postalCode', 'affiliation']))
  })

  test('the answer carries which items matched, never a stored value', ({ assert }) => {
    const check = matchIdentity({ memberNumber: '1000003', name: '山田', birthDate: 'x' }, record)
    const json = JSON.stringify(check)
    for (const stored of [
      '1000002',
      '山田 花子',
      'ヤマダ',
      '1980',
      '0901234',
      '9100001',
      'A012',
      '明倫',
    ]) {
      assert.notInclude(json, stored)
    }
    assert.deepEqual(Object.keys(check).sort(), ['items', 'matched', 'verified'])
  })
})

test.group('Identity matching: normalisation', () => {
  test('name {$self} matches')
    .with([
      '山田花子',
      '山田　花子',
      'やまだはなこ',
      'ヤマダ　ハナコ',
      'ﾔﾏﾀﾞ ﾊﾅｺ',
      ' やまだ  はなこ ',
    ])
    .run(({ assert }, value) => {
      assert.equal(matchIdentity({ name: value }, record).items.name, 'matched')
    })

  test('name {$self} does not match')
    .with(['山田', 'やまだはなこさん', 'ヤマダタロウ'])
    .run(({ assert }, value) => {
      assert.equal(matchIdentity({ name: value }, record).items.name, 'unmatched')
    })

  test('member number, phone and postal code ignore width, hyphens and spaces', ({ assert }) => {
    const check = matchIdentity(
      {
        memberNumber: '１０００００２',
        phone: '０９０ー１２３４ー５６７８',
        postalCode: '〒９１０－０００１',
      },
      record
    )
    assert.equal(check.items.memberNumber, 'matched')
    assert.equal(check.items.phone, 'matched')
    assert.equal(check.items.postalCode, 'matched')
  })

  test('birth date {$self} matches')
    .with(['1980/4/1', '1980-04-01', '19800401', '１９８０年４月１日', '昭和55年4月1日', 'S55.4.1'])
    .run(({ assert }, value) => {
      assert.equal(matchIdentity({ birthDate: value }, record).items.birthDate, 'matched')
    })

  test('affiliation by name (width-insensitive) or by code', ({ assert }) => {
    assert.equal(
      matchIdentity({ affiliation: '福井市立　明倫中学校' }, record).items.affiliation,
      'matched'
    )
    assert.equal(matchIdentity({ affiliation: 'ａ０１２' }, record).items.affiliation, 'matched')
    assert.equal(matchIdentity({ affiliation: '明倫' }, record).items.affiliation, 'unmatched')
  })

  test('an empty phone on record never matches an empty answer', ({ assert }) => {
    const check = matchIdentity({ phone: '---' }, { ...record, phone: null })
    assert.equal(check.items.phone, 'unmatched')
  })
})
