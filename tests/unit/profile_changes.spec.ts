import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ProfileChange from '#models/profile_change'
import Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  changeProfile,
  isKatakana,
  isPhoneNumber,
  isPostalCode,
  normalizeAddress,
  normalizeKana,
  normalizeName,
  normalizePhone,
  normalizePostalCode,
  profileFieldLabel,
} from '#domain/members/profile_changes'

test.group('Profile changes: input normalisation', () => {
  test('names: width folded, any spaces collapsed to one', ({ assert }) => {
    assert.equal(normalizeName('  佐藤\u3000\u3000花子 '), '佐藤 花子')
    assert.equal(normalizeName('ＳＡＴＯ　Ｈａｎａｋｏ'), 'SATO Hanako')
  })

  test('kana: hiragana and half-width katakana become katakana', ({ assert }) => {
    assert.equal(normalizeKana('さとう\u3000はなこ'), 'サトウ ハナコ')
    assert.equal(normalizeKana('ｻﾄｳ ﾊﾅｺ'), 'サトウ ハナコ')
    assert.equal(normalizeKana('すずき　ゆうこ'), 'スズキ ユウコ')
    assert.isTrue(isKatakana('サトウ ハナコ'))
    assert.isTrue(isKatakana('ヴィクトリア・ロー'))
    assert.isFalse(isKatakana('佐藤 花子'))
    assert.isFalse(isKatakana('SATO'))
    assert.isFalse(isKatakana(''))
  })

  test('postal codes: full width, 〒 and hyphens accepted; 7 digits required', ({ assert }) => {
    assert.equal(normalizePostalCode('〒９１０－０００１'), '9100001')
    assert.equal(normalizePostalCode('910ー0001'), '9100001')
    assert.isTrue(isPostalCode('9100001'))
    assert.isFalse(isPostalCode('910001'))
    assert.isFalse(isPostalCode('91000011'))
  })

  test('phones: 10 or 11 digits starting with 0', ({ assert }) => {
    assert.equal(normalizePhone('０７７６－２３－１８８９'), '0776231889')
    assert.equal(normalizePhone('090 1234 5678'), '09012345678')
    assert.isTrue(isPhoneNumber('0776231889'))
    assert.isTrue(isPhoneNumber('09012345678'))
    assert.isFalse(isPhoneNumber('776231889'))
    assert.isFalse(isPhoneNumber('090123456789'))
  })

  test('addresses: width folded and spaces tidied', ({ assert }) => {
    assert.equal(
      normalizeAddress(' 福井県福井市大手３丁目１－１　 ２０１号 '),
      '福井県福井市大手3丁目1-1 201号'
    )
  })

  test('field labels are Japanese', ({ assert }) => {
    assert.equal(profileFieldLabel('name_kana'), 'フリガナ')
    assert.equal(profileFieldLabel('affiliation'), '所属')
  })
})

test.group('Profile changes: applying and recording', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('records each changed field with old and new values and the actor', async ({ assert }) => {
    const member = await MemberFactory.merge({ phone: '0776231234', address: '旧住所' }).create()
    const staff = await StaffUserFactory.apply('operator').create()
    const changes = await changeProfile(
      member.id,
      { phone: '09012345678', address: '旧住所' },
      { type: 'staff', staffId: staff.id }
    )
    assert.deepEqual(changes, [{ field: 'phone', oldValue: '0776231234', newValue: '09012345678' }])
    const rows = await ProfileChange.query().where('member_id', member.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].changedByType, 'staff')
    assert.equal(rows[0].changedByStaffId, staff.id)
  })

  test('renaming refreshes the staff search name', async ({ assert }) => {
    const member = await MemberFactory.merge({
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
    }).create()
    await changeProfile(
      member.id,
      { name: '佐藤 花子', nameKana: 'サトウ ハナコ' },
      { type: 'member' }
    )
    const fresh = await Member.findOrFail(member.id)
    assert.include(fresh.searchName, 'サトウハナコ')
  })

  test('no difference, no write', async ({ assert }) => {
    const member = await MemberFactory.merge({ phone: '0776231234' }).create()
    const changes = await changeProfile(member.id, { phone: '0776231234' }, { type: 'member' })
    assert.deepEqual(changes, [])
    assert.lengthOf(await ProfileChange.all(), 0)
  })
})
