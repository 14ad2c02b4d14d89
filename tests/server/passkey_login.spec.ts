import { test } from '@japa/runner'
import { startRealServer, type HttpClient, type RealServer } from '#tests/helpers/real_server'
import { loginMember, route } from '#tests/helpers/real_server_logins'
import { SoftPasskey } from '#tests/helpers/passkey_authenticator'

/*
| Passkeys against the served app (issue 12 item 2), on a fresh database of its own with no
| wrapping transaction: the challenge lives in the stored session (database or Redis) between
| the options request and the answer, a passkey log-in from a browser never seen before asks
| for no mailed code, it is not a recently entered password (adding another passkey asks for
| the password), and an answer is good for one log-in only.
*/

/** What @simplewebauthn/browser does first: the options JSON, with the page's CSRF token. */
async function passkeyOptions(client: HttpClient, path: string) {
  const answer = await client.request('POST', path, Buffer.from(''), {
    headers: { 'accept': 'application/json', 'x-csrf-token': client.csrfToken() ?? '' },
  })
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.text}`)
  return answer.json<{ challenge: string; rp?: { id: string } }>()
}

async function logInWithPasskey(client: HttpClient, key: SoftPasskey) {
  await client.get(route('public.login.show'))
  const options = await passkeyOptions(client, route('public.login.passkey.options'))
  const credential = JSON.stringify(key.authenticate(options.challenge))
  return {
    credential,
    answer: await client.postForm(route('public.login.passkey.store'), { credential }),
  }
}

test.group('Passkeys on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })
  group.each.timeout(120_000)

  test('add a passkey, then log in with it from a new browser: no mailed code, one log-in per answer', async ({
    assert,
  }) => {
    const email = 'hanako@example.jp'
    const member = server.client()
    await loginMember(server, member, email)

    // Adding: the options and the answer are two requests; the challenge waits in the session.
    await member.get(route('member.passkeys.create'))
    const creation = await passkeyOptions(member, route('member.passkeys.options'))
    const rp = { id: new URL(server.url).hostname, origin: server.url }
    assert.equal(creation.rp?.id, rp.id)
    const key = new SoftPasskey(rp)
    const added = await member.postForm(route('member.passkeys.store'), {
      name: '仕事用スマートフォン',
      credential: JSON.stringify(key.register(creation.challenge)),
    })
    assert.equal(added.location, route('member.security'))
    const security = await member.get(route('member.security'))
    assert.include(security.text, '仕事用スマートフォン')

    // A browser never seen before: the passkey opens the member area at once.
    const codeMails = async () => {
      const mails = await server.mails()
      return mails.filter(
        (mail) =>
          mail.to.some((to) => to.includes(email)) && mail.subject.includes('ログイン認証コード')
      ).length
    }
    const codesBefore = await codeMails()
    const browser = server.client()
    const { credential, answer } = await logInWithPasskey(browser, key)
    assert.equal(answer.status, 302)
    assert.equal(answer.location, route('member.home'))
    const home = await browser.get(route('member.home'))
    assert.equal(home.status, 200)
    const history = await browser.get(route('member.security'))
    assert.include(history.text, 'パスキー')
    assert.equal(await codeMails(), codesBefore)
    // A passkey is not a password entered: adding another one asks for the password first.
    const addAnother = await browser.get(route('member.passkeys.create'))
    assert.equal(addAnother.status, 302)
    assert.equal(addAnother.location!.split('?')[0], route('member.confirm_password.show'))

    // The same answer again, from another browser (its own challenge): refused, no session.
    const thief = server.client()
    await thief.get(route('public.login.show'))
    await passkeyOptions(thief, route('public.login.passkey.options'))
    const replayed = await thief.postForm(route('public.login.passkey.store'), { credential })
    assert.equal(replayed.location, route('public.login.show'))
    const refused = await thief.get(route('member.home'))
    assert.equal(refused.location, route('public.login.show'))

    // Both log-ins are in the access log, the refusal too.
    const rows = await server.sql<{ outcome: string }>(
      "SELECT outcome FROM audit_logs WHERE action = 'member.login_passkey' ORDER BY id"
    )
    assert.deepEqual(
      rows.map((row) => row.outcome),
      ['success', 'failure']
    )
  })
})
