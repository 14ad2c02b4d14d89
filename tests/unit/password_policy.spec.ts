import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  checkPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from '#domain/auth/password_policy'

const member = {
  memberNumber: '1234567',
  birthDate: DateTime.fromISO('1980-04-01'),
  email: 'hanako.yamada@example.jp',
}

function problemOf(password: string, context = member) {
  const result = checkPassword(password, context)
  return result.ok ? null : result.problem
}

test.group('Password policy', () => {
  test('accepts 12 characters of anything, with no composition rules', ({ assert }) => {
    assert.isNull(problemOf('くもりのちはれときどき雪'))
    assert.isNull(problemOf('correct horse battery'))
    assert.isNull(problemOf('umbrellasunday'))
    assert.isTrue(checkPassword('umbrellasunday').ok)
  })

  test('refuses fewer than 12 characters, counting characters as people do', ({ assert }) => {
    assert.equal(problemOf('a'.repeat(0) + 'short pass!'), 'too_short')
    assert.equal(MIN_PASSWORD_LENGTH, 12)
    // Characters as people count them: 𠮷 takes two UTF-16 units but is one character, so
    // these 11 are too short (12 units) and the same words with one more character are enough.
    assert.equal([...'𠮷野家でご飯を食べます'].length, 11)
    assert.equal(problemOf('𠮷野家でご飯を食べます'), 'too_short')
    assert.equal([...'𠮷野家でご飯を食べました'].length, 12)
    assert.isNull(problemOf('𠮷野家でご飯を食べました'))
    const result = checkPassword('tiny')
    assert.isFalse(result.ok)
    if (!result.ok) assert.include(result.message, '12文字以上')
  })

  test('refuses more than 128 characters', ({ assert }) => {
    assert.isNull(problemOf('ab'.repeat(MAX_PASSWORD_LENGTH / 2) + ''))
    const result = checkPassword('x y'.repeat(50))
    assert.isFalse(result.ok)
    if (!result.ok) {
      assert.equal(result.problem, 'too_long')
      assert.include(result.message, '128文字以内')
    }
  })

  test('refuses common passwords, also with a guessable tail or one repeated character', ({
    assert,
  }) => {
    assert.equal(problemOf('qwerty123456'), 'common')
    assert.equal(problemOf('1q2w3e4r5t6y'), 'common')
    assert.equal(problemOf('Password12345!'), 'common')
    assert.equal(problemOf('aaaaaaaaaaaaaa'), 'common')
    assert.equal(problemOf('111111111111'), 'common')
    const result = checkPassword('qwerty123456')
    if (!result.ok) assert.include(result.message, 'よく使われていて')
  })

  test('refuses the member number, also with separators or full-width digits', ({ assert }) => {
    assert.equal(problemOf('mypage1234567pass'), 'member_number')
    assert.equal(problemOf('mypage１２３４５６７pass'), 'member_number')
    assert.equal(problemOf('number 123-4567 here'), 'member_number')
    const result = checkPassword('mypage1234567pass', member)
    if (!result.ok) assert.include(result.message, '組合員番号')
  })

  test('refuses the birth date as yyyymmdd, yymmdd or mmdd', ({ assert }) => {
    assert.equal(problemOf('spring19800401x'), 'birth_date')
    assert.equal(problemOf('spring800401walk'), 'birth_date')
    assert.equal(problemOf('april fool 0401 walk'), 'birth_date')
    assert.equal(problemOf('born 1980/04/01 spring'), 'birth_date')
    const result = checkPassword('spring19800401x', member)
    if (!result.ok) assert.include(result.message, '生年月日')
    // Without a birth date in the context, digits are fine.
    assert.isNull(problemOf('spring19800401x', { ...member, birthDate: undefined as any }))
  })

  test('refuses the e-mail address or its local part', ({ assert }) => {
    assert.equal(problemOf('hanako.yamada@example.jp'), 'email')
    assert.equal(problemOf('my Hanako.Yamada secret'), 'email')
    const result = checkPassword('xx hanako.yamada xx', member)
    if (!result.ok) assert.include(result.message, 'メールアドレス')
    // A very short local part would refuse too much: only the whole address counts then.
    assert.isNull(problemOf('the sea is wide', { ...member, email: 'se@example.jp' }))
  })
})
