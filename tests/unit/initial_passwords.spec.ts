import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import InitialPassword from '#models/initial_password'
import { MemberFactory } from '#database/factories/member_factory'
import {
  INITIAL_PASSWORD_LENGTH,
  currentInitialPassword,
  decryptInitialPassword,
  generateInitialPassword,
  groupForReading,
  initialPasswordMatches,
  issueInitialPassword,
} from '#domain/auth/initial_passwords'

test.group('Initial passwords', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('are made of unambiguous characters and grouped for reading aloud', ({ assert }) => {
    for (let i = 0; i < 200; i++) {
      const value = generateInitialPassword()
      assert.lengthOf(value, INITIAL_PASSWORD_LENGTH)
      assert.notMatch(value, /[01OIL]/)
    }
    assert.equal(groupForReading('K7P2M9QX'), 'K7P2-M9QX')
  })

  test('are stored encrypted, never in plain text', async ({ assert }) => {
    const member = await MemberFactory.create()
    const value = await issueInitialPassword(member.id)
    const row = await InitialPassword.query().where('member_id', member.id).firstOrFail()
    assert.notInclude(row.encryptedPassword, value)
    assert.equal(decryptInitialPassword(row), value)
  })

  test('re-issuing invalidates the previous one', async ({ assert }) => {
    const member = await MemberFactory.create()
    const first = await issueInitialPassword(member.id)
    const second = await issueInitialPassword(member.id, { value: 'ABCD2345' })
    assert.notEqual(first, second)
    assert.isFalse(await initialPasswordMatches(member.id, first))
    assert.isTrue(await initialPasswordMatches(member.id, 'abcd-2345'))
    assert.isTrue(await initialPasswordMatches(member.id, 'ＡＢＣＤ２３４５'))
    const current = await currentInitialPassword(member.id)
    assert.equal(decryptInitialPassword(current!), 'ABCD2345')
  })

  test("one member's encrypted value does not decrypt as another's", async ({ assert }) => {
    const [a, b] = await MemberFactory.createMany(2)
    await issueInitialPassword(a.id)
    const row = await InitialPassword.query().where('member_id', a.id).firstOrFail()
    row.memberId = b.id
    assert.isNull(decryptInitialPassword(row))
  })
})
