import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import MemberAccount from '#models/member_account'
import MemberPasskey from '#models/member_passkey'
import { createRegisteredMember } from '#database/factories/member_factory'
import { attemptMemberLogin } from '#domain/auth/member_authentication'
import { relyingParty } from '#domain/auth/passkey_relying_party'
import { PASSKEY_CHALLENGE_KEYS } from '#domain/auth/passkey_challenges'
import type { MemberSecurityProps } from '#presenters/member/login_history'
import { SoftPasskey } from '#tests/helpers/passkey_authenticator'
import { addSoftPasskey, TEST_ORIGIN } from '#tests/helpers/passkeys'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import { route } from '#tests/helpers/routes'

const PASSWORD = 'passkey test password'
const SIXTEEN_MINUTES_AGO = () => Date.now() - 16 * 60 * 1000

async function member() {
  return createRegisteredMember({ email: 'passkey@example.jp', password: PASSWORD })
}

test.group('Passkeys on the account security page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('a member adds a passkey: options, the signed answer, then it is listed', async ({
    client,
    assert,
  }) => {
    const { account } = await member()
    const page = await asMember(client.get(route('member.passkeys.create')), account)
    page.assertStatus(200)
    assert.include(page.text(), 'パスキーの登録にはJavaScriptが必要です')

    const options = await asMember(client.post(route('member.passkeys.options')), account)
      .withCsrfToken()
      .header('accept', 'application/json')
    options.assertStatus(200)
    const challenge = options.body().challenge as string
    assert.equal(options.body().rp.id, 'localhost')
    const stored = options.session()[PASSKEY_CHALLENGE_KEYS.registration]
    assert.equal(stored.challenge, challenge)

    const key = new SoftPasskey(relyingParty())
    const response = await asMember(client.post(route('member.passkeys.store')), account)
      .withSession({ [PASSKEY_CHALLENGE_KEYS.registration]: stored })
      .form({ name: '  私のiPhone ', credential: JSON.stringify(key.register(challenge)) })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.security'))
    const saved = await MemberPasskey.query().where('member_account_id', account.id).firstOrFail()
    assert.equal(saved.name, '私のiPhone')
    assert.equal(saved.credentialId, key.id)

    const security = await asMember(client.get(route('member.security')).withInertia(), account)
    const props = inertiaProps<MemberSecurityProps>(security)
    assert.equal(props.passkeys[0].name, '私のiPhone')
    assert.equal(props.passkeys[0].lastUsedAt, 'まだ使われていません')
  })

  test('a wrong name or an answer for another origin adds nothing and says why', async ({
    client,
    assert,
  }) => {
    const { account } = await member()
    const key = new SoftPasskey(relyingParty())
    const challenge = { challenge: 'c2FtZS1jaGFsbGVuZ2U', at: Date.now() }
    const tooLong = await asMember(client.post(route('member.passkeys.store')), account)
      .withSession({ [PASSKEY_CHALLENGE_KEYS.registration]: challenge })
      .form({
        name: 'あ'.repeat(31),
        credential: JSON.stringify(key.register(challenge.challenge)),
      })
      .withCsrfToken()
      .header('referer', route('member.passkeys.create'))
      .redirects(0)
    assert.include(JSON.stringify(tooLong.flashMessages()), '30文字以内')

    const phished = await asMember(client.post(route('member.passkeys.store')), account)
      .withSession({ [PASSKEY_CHALLENGE_KEYS.registration]: challenge })
      .form({
        name: 'x',
        credential: JSON.stringify(
          key.register(challenge.challenge, { origin: 'https://evil.example' })
        ),
      })
      .withCsrfToken()
      .redirects(0)
    phished.assertHeader('location', route('member.passkeys.create'))
    assert.include(phished.flashMessages().error, 'パスキーを確認できませんでした')
    assert.lengthOf(await MemberPasskey.query().where('member_account_id', account.id), 0)
  })

  test('adding and removing need a recently entered password; a passkey log-in is not one', async ({
    client,
  }) => {
    const { account } = await member()
    const { passkey } = await addSoftPasskey(account)
    const confirm = route('member.confirm_password.show')

    const stale = await asMember(
      client.get(route('member.passkeys.create')),
      account,
      SIXTEEN_MINUTES_AGO()
    ).redirects(0)
    stale.assertHeader(
      'location',
      `${confirm}?next=${encodeURIComponent(route('member.passkeys.create'))}`
    )

    const byPasskey = await asMember(client.get(route('member.passkeys.create')), account)
      .withSession({ member_login_method: 'passkey' })
      .redirects(0)
    byPasskey.assertStatus(302)
    byPasskey.assertHeader(
      'location',
      `${confirm}?next=${encodeURIComponent(route('member.passkeys.create'))}`
    )

    const remove = await asMember(
      client.post(route('member.passkeys.remove', { id: passkey.id })),
      account,
      SIXTEEN_MINUTES_AGO()
    )
      .withCsrfToken()
      .redirects(0)
    remove.assertStatus(302)
    remove.assertHeader('location', confirm)
    await MemberPasskey.findOrFail(passkey.id)

    // After re-entering the password in a passkey session, it opens.
    const reentered = await asMember(client.get(route('member.passkeys.create')), account)
      .withSession({ member_login_method: 'passkey', member_password_confirmed_at: Date.now() })
      .redirects(0)
    reentered.assertStatus(200)
  })

  test('removing the last passkey leaves the password log-in working', async ({
    client,
    assert,
  }) => {
    const { account } = await member()
    const { passkey } = await addSoftPasskey(account, '古い端末')
    const response = await asMember(
      client.post(route('member.passkeys.remove', { id: passkey.id })),
      account
    )
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.security'))
    assert.include(response.flashMessages().success, 'パスワードでのログインはこれまでどおり')
    assert.isNull(await MemberPasskey.find(passkey.id))
    const login = await attemptMemberLogin({
      email: 'passkey@example.jp',
      password: PASSWORD,
      origin: TEST_ORIGIN,
    })
    assert.isTrue(login.ok)
  })

  test('renaming needs no re-entry; another member\u2019s passkey is not found', async ({
    client,
    assert,
  }) => {
    const { account } = await member()
    const { account: other } = await createRegisteredMember({ email: 'other@example.jp' })
    const { passkey } = await addSoftPasskey(account, 'before')
    const renamed = await asMember(
      client.post(route('member.passkeys.rename', { id: passkey.id })),
      account,
      SIXTEEN_MINUTES_AGO()
    )
      .form({ name: '職場のパソコン' })
      .withCsrfToken()
      .redirects(0)
    renamed.assertHeader('location', route('member.security'))
    await passkey.refresh()
    assert.equal(passkey.name, '職場のパソコン')

    const empty = await asMember(
      client.post(route('member.passkeys.rename', { id: passkey.id })),
      account
    )
      .form({ name: '   ' })
      .withCsrfToken()
      .redirects(0)
    assert.include(empty.flashMessages().error, 'パスキーの名前を入力してください')
    const stranger = await asMember(
      client.post(route('member.passkeys.remove', { id: passkey.id })),
      other
    )
      .withCsrfToken()
      .redirects(0)
    stranger.assertStatus(404)
    await MemberPasskey.findOrFail(passkey.id)
  })
})

test.group('Logging in with a passkey', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  async function passkeyLogIn(
    client: Parameters<Parameters<typeof test>[1] & {}>[0]['client'],
    key: SoftPasskey,
    bend: Parameters<SoftPasskey['authenticate']>[1] = {}
  ) {
    const options = await client
      .post(route('public.login.passkey.options'))
      .withCsrfToken()
      .header('accept', 'application/json')
    options.assertStatus(200)
    const stored = options.session()[PASSKEY_CHALLENGE_KEYS.login]
    return client
      .post(route('public.login.passkey.store'))
      .withSession({ [PASSKEY_CHALLENGE_KEYS.login]: stored })
      .form({ credential: JSON.stringify(key.authenticate(stored.challenge, bend)) })
      .withCsrfToken()
      .redirects(0)
  }

  test('logs in from a browser never seen, without the mailed code; history says パスキー', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    const { key } = await addSoftPasskey(account)
    const response = await passkeyLogIn(client, key)
    response.assertHeader('location', route('member.home'))
    assert.equal(response.session().auth_member, account.id)
    assert.equal(response.session().member_login_method, 'passkey')
    mails.assertNoneSent()
    const refreshed = await MemberAccount.findOrFail(account.id)
    assert.isNotNull(refreshed.lastLoginAt)

    const security = await asMember(client.get(route('member.security')).withInertia(), account)
    const [entry] = inertiaProps<MemberSecurityProps>(security).logins
    assert.equal(entry.step, 'パスキー')
    assert.equal(entry.outcome, '成功')
    assert.notEqual(
      inertiaProps<MemberSecurityProps>(security).passkeys[0].lastUsedAt,
      'まだ使われていません'
    )
  })

  test('refusals go back to the log-in page with a message, and log nobody in', async ({
    client,
    assert,
  }) => {
    const { account, member: person } = await member()
    const { key } = await addSoftPasskey(account)
    const phished = await passkeyLogIn(client, key, { origin: 'https://kmypage.example.com' })
    phished.assertHeader('location', route('public.login.show'))
    assert.include(phished.flashMessages().error, 'パスキーを確認できませんでした')
    assert.notProperty(phished.session(), 'auth_member')

    const stranger = await passkeyLogIn(client, new SoftPasskey(relyingParty()))
    assert.include(stranger.flashMessages().error, '登録されていないか、削除されています')

    const garbage = await client
      .post(route('public.login.passkey.store'))
      .form({ credential: 'not json' })
      .withCsrfToken()
      .redirects(0)
    assert.include(garbage.flashMessages().error, '時間切れです（5分以内に操作してください）')

    person.merge({
      withdrawalAcceptedOn: person.birthDate,
      refundOn: person.birthDate.plus({ years: 18 }),
    })
    await person.save()
    const withdrawn = await passkeyLogIn(client, key)
    assert.include(withdrawn.flashMessages().error, '脱退に伴い')
    assert.notProperty(withdrawn.session(), 'auth_member')
  })

  test('the log-in page offers the passkey and says it needs JavaScript before scripts run', async ({
    client,
    assert,
  }) => {
    const page = await client.get(route('public.login.show'))
    page.assertStatus(200)
    assert.include(page.text(), 'パスキーでログイン')
    assert.include(page.text(), 'パスキーでのログインにはJavaScriptが必要です')
  })
})
