import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import ProfileChange from '#models/profile_change'
import { MemberFactory } from '#database/factories/member_factory'
import { asMember } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberProfileProps } from '#presenters/member/profile'
import type { AddressLookupView } from '#presenters/member/address_lookup'
import { route } from '#tests/helpers/routes'

/**
 * 住所を検索 (issue 12 item 3): the JSON the page's script asks for, and the same lookup as a
 * plain form post for browsers without JavaScript. Neither saves anything.
 */
async function registeredMember() {
  const member = await MemberFactory.merge({
    postalCode: '9100001',
    address: '福井県福井市大願寺3丁目1-1',
  })
    .with('account', 1, (account) => account.apply('registered'))
    .create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  return { member, account }
}

async function nothingSaved(
  assert: any,
  member: Awaited<ReturnType<typeof registeredMember>>['member']
) {
  await member.refresh()
  assert.equal(member.postalCode, '9100001')
  assert.equal(member.address, '福井県福井市大願寺3丁目1-1')
  assert.lengthOf(await ProfileChange.query().where('member_id', member.id), 0)
  assert.lengthOf(await AuditLog.query().where('action', 'member.profile.change'), 0)
}

test.group('住所を検索: the JSON lookup (JavaScript on)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('members only: without a log-in it redirects to the log-in page and tells nothing', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get(route('member.address_lookup', {}, { postalCode: '9100005' }))
      .header('accept', 'application/json')
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.login.show'))
    assert.notInclude(response.text(), '大手')
  })

  test('one town: 200 with the town to fill in, full-width and a long-vowel dash typed', async ({
    client,
    assert,
  }) => {
    const { account } = await registeredMember()
    const response = await asMember(
      client.get(route('member.address_lookup', {}, { postalCode: '９１０ー０００５' })),
      account
    ).header('accept', 'application/json')
    response.assertStatus(200)
    assert.equal(response.header('cache-control'), 'private, max-age=86400')
    const view = response.body() as AddressLookupView
    assert.equal(view.status, 'found')
    assert.equal(view.postalCode, '910-0005')
    assert.deepEqual(view.towns, [
      { label: '福井県福井市大手', prefecture: '福井県', line: '福井市大手' },
    ])
    assert.deepEqual(view.fill, { prefecture: '福井県', line: '福井市大手' })
    assert.include(view.message, '（まだ変更されていません）')
  })

  test('several towns: the choices; the chosen one (town=n) is filled in', async ({
    client,
    assert,
  }) => {
    const { account } = await registeredMember()
    const list = await asMember(
      client.get(route('member.address_lookup', {}, { postalCode: '452-0961' })),
      account
    )
    list.assertStatus(200)
    const view = list.body() as AddressLookupView
    assert.lengthOf(view.towns, 66)
    assert.isNull(view.chosen)
    assert.equal(
      view.message,
      '〒452-0961には66件の町域があります。当てはまる町域を選んでください。'
    )

    const picked = await asMember(
      client.get(route('member.address_lookup', {}, { postalCode: '452-0961', town: 5 })),
      account
    )
    const chosen = picked.body() as AddressLookupView
    assert.equal(chosen.chosen, 5)
    assert.deepEqual(chosen.fill, {
      prefecture: '愛知県',
      line: view.towns[5].line,
    })
  })

  test('unknown code: 404 with a message; not a postal code: 422 with the format', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const unknown = await asMember(
      client.get(route('member.address_lookup', {}, { postalCode: '999-9999' })),
      account
    )
    unknown.assertStatus(404)
    assert.equal(
      (unknown.body() as AddressLookupView).message,
      '〒999-9999の住所は見つかりませんでした。郵便番号をお確かめください。正しい場合は、住所をそのまま入力してください。'
    )
    const invalid = await asMember(
      client.get(route('member.address_lookup', {}, { postalCode: '91O-0005' })),
      account
    )
    invalid.assertStatus(422)
    assert.equal(
      (invalid.body() as AddressLookupView).message,
      '郵便番号は7桁の数字で入力してください（例：910-0001）。'
    )
    const missing = await asMember(client.get(route('member.address_lookup')), account)
    missing.assertStatus(422)
    await nothingSaved(assert, member)
  })
})

test.group('住所を検索: without JavaScript (a plain form post)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the form comes back with 都道府県 and 市区町村・町域 filled, the building kept, nothing saved', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const response = await asMember(client.post(route('member.profile.address_lookup')), account)
      .form({
        postalCode: '９１０－０００５',
        prefecture: '',
        addressLine: '',
        building: 'サンハイツ101',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `${route('member.profile.show')}#change-address`)
    response.assertFlashMessage('old', {
      postalCode: '910-0005',
      prefecture: '福井県',
      addressLine: '福井市大手',
      building: 'サンハイツ101',
    })
    await nothingSaved(assert, member)

    // The page it redirects to, rendered on the server (what a browser without JS shows).
    const page = await asMember(
      client.get(route('member.profile.show')),
      account
    ).withFlashMessages(response.flashMessages()!)
    const html = page.text()
    assert.match(html, /id="field-postalCode"[^>]*value="910-0005"/)
    assert.match(html, /<option value="福井県" selected>/)
    assert.match(html, /id="field-addressLine"[^>]*value="福井市大手"/)
    assert.match(html, /id="field-building"[^>]*value="サンハイツ101"/)
    assert.include(html, '〒910-0005の住所「福井県福井市大手」を入れました。')
    const props = inertiaProps<MemberProfileProps>(
      await asMember(client.get(route('member.profile.show')), account)
        .withFlashMessages(response.flashMessages()!)
        .withInertia()
    )
    assert.equal(props.addressLookup?.status, 'found')
  })

  test('a 番地 already typed after the town is kept', async ({ client }) => {
    const { account } = await registeredMember()
    const response = await asMember(client.post(route('member.profile.address_lookup')), account)
      .form({ postalCode: '9100005', prefecture: '', addressLine: '福井市大手3-1-1' })
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('old', {
      postalCode: '910-0005',
      prefecture: '福井県',
      addressLine: '福井市大手3-1-1',
    })
  })

  test('several towns: a choice list on the page, then the chosen town is filled in', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const first = await asMember(client.post(route('member.profile.address_lookup')), account)
      .form({ postalCode: '452-0961', prefecture: '', addressLine: '' })
      .withCsrfToken()
      .redirects(0)
    first.assertFlashMessage('old', {
      postalCode: '452-0961',
      prefecture: '愛知県',
      addressLine: '清須市',
    })
    const page = await asMember(
      client.get(route('member.profile.show')),
      account
    ).withFlashMessages(first.flashMessages()!)
    const html = page.text()
    assert.include(html, '町域を選んでください（66件）')
    assert.lengthOf(html.match(/type="radio" name="town"/g) ?? [], 66)
    assert.include(html, '選んだ町域を入れる')

    const props = inertiaProps<MemberProfileProps>(
      await asMember(client.get(route('member.profile.show')), account)
        .withFlashMessages(first.flashMessages()!)
        .withInertia()
    )
    const third = props.addressLookup!.towns[2]
    const chosen = await asMember(client.post(route('member.profile.address_lookup')), account)
      .form({ postalCode: '452-0961', prefecture: '愛知県', addressLine: '清須市', town: '2' })
      .withCsrfToken()
      .redirects(0)
    chosen.assertFlashMessage('old', {
      postalCode: '452-0961',
      prefecture: '愛知県',
      addressLine: third.line,
    })
    await nothingSaved(assert, member)
  })

  const refusals = [
    {
      postalCode: '999-9999',
      message:
        '〒999-9999の住所は見つかりませんでした。郵便番号をお確かめください。正しい場合は、住所をそのまま入力してください。',
    },
    { postalCode: '91000', message: '郵便番号は7桁の数字で入力してください（例：910-0001）。' },
    { postalCode: '', message: '郵便番号を入力してください。' },
  ]
  for (const refusal of refusals) {
    test(`「${refusal.postalCode}」: the reason next to the 〒, what was typed kept, nothing saved`, async ({
      client,
      assert,
    }) => {
      const { member, account } = await registeredMember()
      const typed = { postalCode: refusal.postalCode, prefecture: '福井県', addressLine: '福井市X' }
      const response = await asMember(client.post(route('member.profile.address_lookup')), account)
        .form(typed)
        .withCsrfToken()
        .header('referer', route('member.profile.show'))
        .redirects(0)
      response.assertStatus(302)
      assert.equal(fieldErrors(response).postalCode, refusal.message)
      assert.equal((response.flashMessages()?.old as Record<string, string>).addressLine, '福井市X')
      await nothingSaved(assert, member)
    })
  }

  test('the lookup needs no recent password (nothing is saved); saving still does', async ({
    client,
  }) => {
    const { account } = await registeredMember()
    const oldLogin = Date.now() - 16 * 60 * 1000
    const lookup = await asMember(
      client.post(route('member.profile.address_lookup')),
      account,
      oldLogin
    )
      .form({ postalCode: '9100005' })
      .withCsrfToken()
      .redirects(0)
    lookup.assertHeader('location', `${route('member.profile.show')}#change-address`)
    const save = await asMember(client.post(route('member.profile.address')), account, oldLogin)
      .form({ postalCode: '9100005', prefecture: '福井県', addressLine: '福井市大手3-1-1' })
      .withCsrfToken()
      .redirects(0)
    save.assertHeader('location', route('member.confirm_password.show'))
  })
})
