import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  MemberFactory,
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { fieldError } from '#tests/helpers/validation'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberPageProps, MemberSearchProps } from '#presenters/staff/members'
import { route } from '#tests/helpers/routes'

async function hanako() {
  return createRegisteredMember({
    email: 'hanako.search@example.jp',
    member: {
      memberNumber: '1234567',
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      birthDate: DateTime.fromISO('1980-04-01'),
      phone: '0776123456',
    },
  })
}

async function search(client: any, staff: any, qs: Record<string, string>) {
  const response = await asStaff(
    client.get(route('staff.members.index')).qs(qs),
    staff
  ).withInertia()
  response.assertInertiaComponent('staff/members/index')
  return inertiaProps<MemberSearchProps>(response)
}

test.group('Staff member search', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('finds a member (search case {$i})')
    .with([
      { q: '1234567' },
      { q: '12345' },
      { q: 'やまだ はなこ' },
      { q: 'ﾔﾏﾀﾞ' },
      { q: '山田花子' },
      { q: 'ハナコ' },
      { q: '0776-12-3456' },
      { q: '０７７６－１２' },
      { q: '１９８０／４／１' },
      { birthDate: '19800401' },
      { birthDate: '昭和55年4月1日' },
      { q: 'はなこ', birthDate: '1980/4/1' },
    ] as Record<string, string>[])
    .run(async ({ client, assert }, qs: Record<string, string>) => {
      const { member } = await hanako()
      await MemberFactory.merge({ name: '佐藤 一郎', nameKana: 'サトウ イチロウ' }).create()
      const staff = await StaffUserFactory.apply('clerk').create()
      const props = await search(client, staff, qs)
      assert.isTrue(props.searched)
      assert.deepEqual(
        props.members.map((row) => row.id),
        [member.id]
      )
    })

  test('異体字 find each other; the displayed name stays as registered', async ({
    client,
    assert,
  }) => {
    const takahashi = await MemberFactory.merge({
      name: '髙橋 美咲',
      nameKana: 'タカハシ ミサキ',
    }).create()
    const saito = await MemberFactory.merge({
      name: '齋藤 一郎',
      nameKana: 'サイトウ イチロウ',
    }).create()
    const watanabe = await MemberFactory.merge({
      name: '渡辺 健',
      nameKana: 'ワタナベ ケン',
    }).create()
    const staff = await StaffUserFactory.apply('clerk').create()
    for (const [q, member] of [
      ['高橋', takahashi],
      ['髙橋美咲', takahashi],
      ['斎藤', saito],
      ['斉藤 一郎', saito],
      ['渡邊', watanabe],
      ['渡邉健', watanabe],
    ] as const) {
      const props = await search(client, staff, { q })
      assert.deepEqual(
        props.members.map((row) => row.id),
        [member.id],
        q
      )
    }
    const shown = await search(client, staff, { q: '高橋' })
    assert.equal(shown.members[0].name, '髙橋 美咲')
  })

  test('a wrong birth date finds nobody; nothing searched without criteria', async ({
    client,
    assert,
  }) => {
    await hanako()
    const staff = await StaffUserFactory.apply('operator').create()
    const wrong = await search(client, staff, { q: 'はなこ', birthDate: '1980/4/2' })
    assert.lengthOf(wrong.members, 0)
    const empty = await search(client, staff, {})
    assert.isFalse(empty.searched)
    assert.lengthOf(empty.members, 0)
  })

  test('filters by registration state and locked accounts', async ({ client, assert }) => {
    const { member: registered } = await hanako()
    const { member: unregistered } = await createUnregisteredMember()
    const locked = await MemberFactory.with('account', 1, (a) => a.apply('locked')).create()
    const staff = await StaffUserFactory.apply('operator').create()

    const byState = await search(client, staff, { state: 'unregistered' })
    assert.deepEqual(
      byState.members.map((row) => row.id),
      [unregistered.id]
    )
    const byLock = await search(client, staff, { locked: '1' })
    assert.deepEqual(
      byLock.members.map((row) => row.id),
      [locked.id]
    )
    assert.isTrue(byLock.members[0].locked)
    assert.isTrue(byLock.filters.locked)
    const registeredOnly = await search(client, staff, { state: 'registered' })
    assert.includeMembers(
      registeredOnly.members.map((row) => row.id),
      [registered.id, locked.id]
    )
  })

  test('results are paginated and the links keep every filter in the query string', async ({
    client,
    assert,
  }) => {
    for (let i = 0; i < 25; i++) {
      await MemberFactory.merge({ name: `試験 太郎${i}`, nameKana: `シケン タロウ` })
        .with('account', 1, (a) => a.apply('unregistered'))
        .create()
    }
    const staff = await StaffUserFactory.apply('clerk').create()
    const first = await search(client, staff, { q: 'しけん', state: 'unregistered' })
    assert.lengthOf(first.members, 20)
    assert.equal(first.pagination!.total, 25)
    assert.equal(
      first.pagination!.nextUrl,
      `${route('staff.members.index')}?q=%E3%81%97%E3%81%91%E3%82%93&state=unregistered&page=2`
    )
    const second = await search(client, staff, { q: 'しけん', state: 'unregistered', page: '2' })
    assert.lengthOf(second.members, 5)
    assert.equal(
      second.pagination!.previousUrl,
      `${route('staff.members.index')}?q=%E3%81%97%E3%81%91%E3%82%93&state=unregistered`
    )
    assert.isNull(second.pagination!.nextUrl)
  })

  test('an unreadable birth date is answered in Japanese', async ({ client, assert }) => {
    const staff = await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(
      client.get(route('staff.members.index')).qs({ birthDate: '1980/13/45' }),
      staff
    )
      .header('referer', route('staff.members.index'))
      .redirects(0)
    response.assertHeader('location', route('staff.members.index'))
    assert.include(fieldError(response, 'birthDate'), '生年月日は 1980/4/1')
  })
})

test.group('Staff member page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const tab of [
    'profile',
    'account',
    'statements',
    'contributions',
    'changes',
    'requests',
    'inquiries',
    'audit',
  ] as const) {
    test(`the ${tab} tab shows no e-mail and no initial password`, async ({ client, assert }) => {
      const { member } = await hanako()
      const { member: newcomer, initialPassword } = await createUnregisteredMember()
      const staff = await StaffUserFactory.apply('operator').create()
      for (const shown of [member, newcomer]) {
        const response = await asStaff(
          client.get(route('staff.members.show', { id: shown.id })).qs({ tab }),
          staff
        ).withInertia()
        response.assertStatus(200)
        response.assertInertiaComponent('staff/members/show')
        const props = inertiaProps<MemberPageProps>(response)
        assert.equal(props.tab, tab)
        assert.exists(props[tab])
        const json = JSON.stringify(props)
        assert.notInclude(json, 'hanako.search@example.jp')
        assert.notInclude(json, initialPassword)
      }
      const views = await AuditLog.query().where('action', 'staff.member.view')
      assert.lengthOf(views, 2)
      assert.equal(JSON.parse(views[0].detailsJson!).tab, tab)
    })
  }

  test('the profile tab formats the record; the account tab tells the state', async ({
    client,
    assert,
  }) => {
    const { member, account } = await hanako()
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    account.pendingEmail = 'new.address@example.jp'
    await account.save()
    // A clerk: operators see these items masked (operator_masking.spec.ts).
    const clerk = await StaffUserFactory.apply('clerk').create()
    const staff = await StaffUserFactory.apply('operator').create()
    const profilePage = await asStaff(
      client.get(route('staff.members.show', { id: member.id })),
      clerk
    ).withInertia()
    const profile = inertiaProps<MemberPageProps>(profilePage)
    assert.equal(profile.profile!.birthDate, '1980年4月1日（昭和55年）')
    assert.equal(profile.profile!.phone, '0776-12-3456')
    const accountPage = await asStaff(
      client.get(`${route('staff.members.show', { id: member.id })}?tab=account`),
      staff
    ).withInertia()
    const accountTab = inertiaProps<MemberPageProps>(accountPage)
    assert.equal(accountTab.account!.registration, '登録済み')
    assert.isTrue(accountTab.account!.locked)
    assert.isTrue(accountTab.account!.hasPendingEmail)
    assert.notInclude(JSON.stringify(accountTab), 'new.address')
    assert.isTrue(accountTab.may.unblock)
  })

  test('an unknown member answers 404', async ({ client }) => {
    const staff = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(client.get(route('staff.members.show', { id: '999999' })), staff)
    response.assertStatus(404)
  })

  test('an operator unblocks a locked account from the member page', async ({ client, assert }) => {
    const { member, account } = await hanako()
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    account.failedLoginCount = 3
    await account.save()
    const staff = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.post(route('staff.members.unblock', { id: member.id })),
      staff
    )
      .withCsrfToken()
      .redirects(0)
    response.assertHeader(
      'location',
      `${route('staff.members.show', { id: member.id })}?tab=account`
    )
    await account.refresh()
    assert.isNull(account.lockedUntil)
    assert.equal(account.failedLoginCount, 0)
    assert.exists(await AuditLog.query().where('action', 'staff.member.unblock').first())

    const again = await asStaff(
      client.post(route('staff.members.unblock', { id: member.id })),
      staff
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(again.flashMessage('error'), 'ロックされていません')
  })
})
