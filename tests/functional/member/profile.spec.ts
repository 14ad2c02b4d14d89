import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Member from '#models/member'
import MemberAccount from '#models/member_account'
import ProfileChange from '#models/profile_change'
import { MemberFactory } from '#database/factories/member_factory'
import { asMember } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberProfileProps } from '#presenters/member/profile'
import { route } from '#tests/helpers/routes'

async function registeredMember() {
  const member = await MemberFactory.merge({
    name: '山田 花子',
    nameKana: 'ヤマダ ハナコ',
    postalCode: '9100001',
    address: '福井県福井市大手3丁目1-1',
    phone: '0776231234',
  })
    .with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'hanako@example.jp' })
    )
    .create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  return { member, account }
}

test.group('Member profile (個人情報変更)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows the registered details with links to e-mail and password change', async ({
    client,
    assert,
  }) => {
    const { account } = await registeredMember()
    const response = await asMember(client.get(route('member.profile.show')), account).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/profile')
    const props = inertiaProps<MemberProfileProps>(response)
    assert.equal(props.name, '山田 花子')
    assert.equal(props.postalCode, '〒910-0001')
    assert.equal(props.postalCodeInput, '910-0001')
    assert.deepEqual(props.addressParts, {
      prefecture: '福井県',
      line: '福井市大手3丁目1-1',
      building: '',
    })
    assert.lengthOf(props.prefectures, 47)
    assert.isNull(props.addressLookup)
    assert.equal(props.phone, '0776-23-1234')
    assert.equal(props.email, 'hanako@example.jp')
    assert.match(props.birthDate, /^\d{4}年\d{1,2}月\d{1,2}日$/)
    const page = await asMember(client.get(route('member.profile.show')), account)
    const html = page.text()
    assert.include(html, `href="${route('member.email.edit')}"`)
    assert.include(html, `href="${route('member.password.edit')}"`)
  })

  test('not logged in: redirected to the log-in page', async ({ client }) => {
    const response = await client.get(route('member.profile.show')).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.login.show'))
    const post = await client
      .post(route('member.profile.phone'))
      .form({ phone: '09012345678' })
      .withCsrfToken()
      .redirects(0)
    post.assertHeader('location', route('public.login.show'))
  })

  test('改姓: name and kana (hiragana, full-width space) are stored and both changes recorded', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const response = await asMember(client.post(route('member.profile.name')), account)
      .form({ name: '佐藤　花子', nameKana: 'さとう　はなこ' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.profile.show'))

    await member.refresh()
    assert.equal(member.name, '佐藤 花子')
    assert.equal(member.nameKana, 'サトウ ハナコ')
    const changes = await ProfileChange.query().where('member_id', member.id).orderBy('field')
    assert.deepEqual(
      changes.map((c) => [c.field, c.oldValue, c.newValue, c.changedByType, c.changedByStaffId]),
      [
        ['name', '山田 花子', '佐藤 花子', 'member', null],
        ['name_kana', 'ヤマダ ハナコ', 'サトウ ハナコ', 'member', null],
      ]
    )
  })

  test('full-width digits and hyphens in postal code and phone are normalised', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    await asMember(client.post(route('member.profile.address')), account)
      .form({
        postalCode: '〒９１８－８００１',
        prefecture: '福井県',
        addressLine: '福井市日光１丁目２－３',
        building: 'ハイツ　日光１０１',
      })
      .withCsrfToken()
      .redirects(0)
    await asMember(client.post(route('member.profile.phone')), account)
      .form({ phone: '０９０ー１２３４ー５６７８' })
      .withCsrfToken()
      .redirects(0)
    await member.refresh()
    assert.equal(member.postalCode, '9188001')
    assert.equal(member.address, '福井県福井市日光1丁目2-3 ハイツ 日光101')
    assert.equal(member.phone, '09012345678')
    const changes = await ProfileChange.query().where('member_id', member.id)
    const fields = changes.map((c) => c.field)
    assert.sameMembers(fields, ['postal_code', 'address', 'phone'])
  })

  test('only fields that really changed are recorded; no change writes nothing', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    await asMember(client.post(route('member.profile.address')), account)
      .form({ postalCode: '910-0001', prefecture: '福井県', addressLine: '福井市大手3丁目1-1' })
      .withCsrfToken()
      .redirects(0)
    assert.lengthOf(await ProfileChange.query().where('member_id', member.id), 0)

    await asMember(client.post(route('member.profile.address')), account)
      .form({ postalCode: '910-0001', prefecture: '福井県', addressLine: '福井市大手3丁目2-2' })
      .withCsrfToken()
      .redirects(0)
    const changes = await ProfileChange.query().where('member_id', member.id)
    assert.deepEqual(
      changes.map((c) => c.field),
      ['address']
    )
  })

  const refusals: {
    url: string
    form: Record<string, string>
    field: string
    message: string
  }[] = [
    {
      url: route('member.profile.name'),
      form: { name: '', nameKana: 'サトウ ハナコ' },
      field: 'name',
      message: '氏名を入力してください。',
    },
    {
      url: route('member.profile.name'),
      form: { name: '佐藤 花子', nameKana: '佐藤 花子' },
      field: 'nameKana',
      message: 'フリガナはカタカナまたはひらがなで入力してください。',
    },
    {
      url: route('member.profile.name'),
      form: { name: 'あ'.repeat(51), nameKana: 'サトウ ハナコ' },
      field: 'name',
      message: '氏名は50文字以内で入力してください。',
    },
    {
      url: route('member.profile.address'),
      form: { postalCode: '91000', prefecture: '福井県', addressLine: '福井市大手' },
      field: 'postalCode',
      message: '郵便番号は7桁の数字で入力してください（例：910-0001）。',
    },
    {
      url: route('member.profile.address'),
      form: { postalCode: '910-0001', prefecture: '福井県', addressLine: '' },
      field: 'addressLine',
      message: '市区町村・番地を入力してください。',
    },
    {
      url: route('member.profile.address'),
      form: { postalCode: '910-0001', prefecture: '', addressLine: '福井市大手3丁目1-1' },
      field: 'prefecture',
      message: '都道府県を選んでください。',
    },
    {
      url: route('member.profile.address'),
      form: { postalCode: '910-0001', prefecture: '福井', addressLine: '福井市大手3丁目1-1' },
      field: 'prefecture',
      message: '都道府県は選択肢から選んでください。',
    },
    {
      url: route('member.profile.address'),
      form: {
        postalCode: '910-0001',
        prefecture: '福井県',
        addressLine: '福井市大手3丁目1-1',
        building: 'あ'.repeat(96),
      },
      field: 'building',
      message: '建物名・部屋番号は95文字以内で入力してください。',
    },
    {
      url: route('member.profile.phone'),
      form: { phone: '12345' },
      field: 'phone',
      message: '電話番号は0から始まる10桁または11桁の数字で入力してください（例：090-1234-5678）。',
    },
  ]

  for (const refusal of refusals) {
    test(`refuses ${refusal.field}: ${refusal.message}; nothing written`, async ({
      client,
      assert,
    }) => {
      const { member, account } = await registeredMember()
      await member.refresh()
      const before = member.serialize()
      const response = await asMember(client.post(refusal.url), account)
        .form(refusal.form)
        .withCsrfToken()
        .header('referer', route('member.profile.show'))
        .redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('member.profile.show'))
      response.assertFlashMessage(
        'old',
        Object.fromEntries(Object.entries(refusal.form).filter(([, value]) => value !== ''))
      )

      assert.equal(fieldErrors(response)[refusal.field], refusal.message)

      await member.refresh()
      assert.deepEqual(member.serialize(), before)
      assert.lengthOf(await ProfileChange.query().where('member_id', member.id), 0)
    })
  }

  test('the update and its history are one transaction: nothing half-written', async ({
    assert,
  }) => {
    const { member } = await registeredMember()
    const { changeProfile } = await import('#domain/members/profile_changes')
    // A value too long for the history's field column makes the history insert fail on
    // PostgreSQL; on every database an unknown member id fails. Use the latter portably.
    await assert.rejects(() =>
      changeProfile(member.id + 100000, { phone: '09011112222' }, { type: 'member' })
    )
    const fresh = await Member.findOrFail(member.id)
    assert.equal(fresh.phone, '0776231234')
    assert.lengthOf(await ProfileChange.all(), 0)
  })
})
