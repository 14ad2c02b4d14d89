import { test } from '@japa/runner'
import {
  FLASHED_INPUT_MAX,
  FLASHED_VALUE_MAX,
  boundedFlashedInput,
} from '#domain/common/flashed_input'

test.group('Flashed input of a refused form', () => {
  test('keeps what was typed, never a password or the CSRF token', ({ assert }) => {
    const old = boundedFlashedInput({
      email: 'hanako@example.jp',
      currentPassword: 'secret',
      password_confirmation: 'secret',
      _csrf: 'token',
      categories: ['a', 'b'],
      attempts: 3,
    })
    assert.deepEqual(old, { email: 'hanako@example.jp', categories: ['a', 'b'] })
  })

  test('cuts each value at the longest field and everything at one budget', ({ assert }) => {
    const long = 'あ'.repeat(100_000)
    const old = boundedFlashedInput({
      message: long,
      body: long,
      note: long,
      reason: long,
      name: long,
      title: long,
    })
    assert.lengthOf(old.message as string, FLASHED_VALUE_MAX)
    const total = Object.values(old)
      .flat()
      .reduce((sum, value) => sum + value.length, 0)
    assert.equal(total, FLASHED_INPUT_MAX)
  })

  test('never leaves half of a surrogate pair at the cut', ({ assert }) => {
    const old = boundedFlashedInput({ name: 'a' + '𠮷'.repeat(FLASHED_VALUE_MAX) })
    assert.notMatch(old.name as string, /[\uD800-\uDBFF]$/)
  })

  test('anything but an object of fields flashes nothing', ({ assert }) => {
    for (const input of [null, 'text', ['a']]) assert.deepEqual(boundedFlashedInput(input), {})
  })
})
