import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { dbTimestamp } from '#domain/common/db_time'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberSearchProps } from '#presenters/staff/members'
import type { DeskSearchProps } from '#presenters/staff/phone_desk'
import { route } from '#tests/helpers/routes'

/** `count` members named 佐藤 花子 (サトウ ハナコ), numbers from `first`, written in bulk. */
async function insertSatoMembers(count: number, first: number) {
  const now = dbTimestamp()
  const rows = Array.from({ length: count }, (_, i) => ({
    member_number: String(first + i),
    name: '佐藤 花子',
    name_kana: 'サトウ ハナコ',
    search_name: 'サトウハナコ',
    birth_date: '1980-01-01',
    category: 'active',
    joined_on: '2010-04-01',
    created_at: now,
    updated_at: now,
  }))
  // SQLite takes at most 500 rows in one multi-row insert.
  for (let start = 0; start < rows.length; start += 400) {
    await db.table('members').multiInsert(rows.slice(start, start + 400))
  }
}

/*
| A common name matches thousands of the co-op's 50,000 members: the member list and the phone
| desk count at most 10,000 matches (「10,000件以上」), as the audit log does.
*/
test.group('Member search over many matches', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('10,000 matches are a total; one more is 「10,000件以上」 on the member list and the phone desk', async ({
    client,
    assert,
  }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    await insertSatoMembers(10_000, 8_000_000)
    const list = async (path: string, perPage: number) => {
      const response = await asStaff(client.get(path).qs({ q: 'サトウ' }), operator).withInertia()
      response.assertStatus(200)
      const props = inertiaProps<MemberSearchProps | DeskSearchProps>(response)
      assert.lengthOf(props.members, perPage)
      return props.pagination!
    }
    const exact = await list(route('staff.members.index'), 20)
    assert.equal(exact.total, 10_000)
    assert.isFalse(exact.totalIsAtLeast)

    await insertSatoMembers(1, 8_100_000)
    const capped = await list(route('staff.members.index'), 20)
    assert.equal(capped.total, 10_000)
    assert.isTrue(capped.totalIsAtLeast)
    const desk = await list(route('staff.phone_desk.index'), 10)
    assert.isTrue(desk.totalIsAtLeast)
    const html = await asStaff(
      client.get(route('staff.members.index')).qs({ q: 'サトウ' }),
      operator
    )
    assert.include(html.text(), '10,000件以上のうち 1〜20件')
  })
})
