import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { DEMO_MEMBER_PASSWORD, loginMember, route } from '#tests/helpers/real_server_logins'
import type { StoredMail } from '#services/mailbox'

/*
| The credential journeys as a member makes them against the deployed app:
| log-in with the new-device code (and none the second time from the same
| browser), 個人情報変更, e-mail change through the mailed link. Each is
| checked in the database afterwards and in what the member sees.
*/
const LOGIN_CODE_SUBJECT = 'ログイン認証コード'

const to = (address: string) => (mail: StoredMail) =>
  mail.to.some((recipient) => recipient.includes(address))

async function accountOf(server: RealServer, email: string) {
  const [account] = await server.sql<{ id: number; member_id: number }>(
    'SELECT id, member_id FROM member_accounts WHERE email = ?',
    [email]
  )
  if (!account) throw new Error(`No demo account ${email}`)
  return account
}

async function codeMailsTo(server: RealServer, email: string) {
  const mails = await server.mails()
  return mails.filter((mail) => to(email)(mail) && mail.subject.includes(LOGIN_CODE_SUBJECT))
}

test.group('Credential journeys on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('log-in from a new browser asks for the mailed code; the same browser is remembered and asks for none', async ({
    assert,
  }) => {
    const email = 'hanako@example.jp'
    const account = await accountOf(server, email)
    const devicesBefore = await server.sql<{ count: number | string }>(
      'SELECT count(*) AS count FROM member_devices WHERE member_account_id = ?',
      [account.id]
    )

    const [{ last }] = await server.sql<{ last: number | null }>(
      'SELECT max(id) AS last FROM audit_logs'
    )
    const browser = server.client()
    await browser.get(route('public.login.show'))
    const password = await browser.postForm(route('public.login.store'), {
      email,
      password: DEMO_MEMBER_PASSWORD,
    })
    assert.equal(password.location, route('public.login.code'), 'a new browser is asked for a code')
    const mail = await server.waitForMail(
      (candidate) => to(email)(candidate) && candidate.subject.includes(LOGIN_CODE_SUBJECT)
    )
    const code = (mail.text ?? '').match(/\b(\d{6})\b/)?.[1]
    assert.exists(code, mail.text ?? '')
    const codePage = await browser.get(route('public.login.code'))
    assert.equal(codePage.status, 200)
    const accepted = await browser.postForm(route('public.login.code.store'), { code: code! })
    assert.equal(accepted.status, 302)
    assert.equal(accepted.location, route('member.home'))
    assert.isTrue(browser.cookies.has('member_device'), 'the browser is given its device cookie')

    const home = await browser.get(route('member.home'))
    assert.equal(home.status, 200)
    assert.equal(home.page().component, 'member/home')
    assert.include(home.text, '山田')

    const devicesAfter = await server.sql<{ count: number | string }>(
      'SELECT count(*) AS count FROM member_devices WHERE member_account_id = ?',
      [account.id]
    )
    assert.equal(Number(devicesAfter[0].count), Number(devicesBefore[0].count) + 1)
    const logins = await server.sql<{ outcome: string }>(
      "SELECT outcome FROM audit_logs WHERE action = 'member.login' AND member_account_id = ? AND id > ? ORDER BY id",
      [account.id, last ?? 0]
    )
    assert.deepEqual(
      logins.map((row) => row.outcome),
      ['success']
    )

    // Log out, then again from the same browser: no code this time.
    await browser.postForm(route('member.logout'), {})
    const codesSent = await codeMailsTo(server, email)
    await browser.get(route('public.login.show'))
    const again = await browser.postForm(route('public.login.store'), {
      email,
      password: DEMO_MEMBER_PASSWORD,
    })
    assert.equal(again.status, 302)
    assert.equal(again.location, route('member.home'), 'the remembered browser goes straight in')
    const homeAgain = await browser.get(route('member.home'))
    assert.equal(homeAgain.status, 200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.lengthOf(await codeMailsTo(server, email), codesSent.length, 'no code was mailed')

    // Another browser is a new device again.
    const other = server.client()
    await other.get(route('public.login.show'))
    const fromOther = await other.postForm(route('public.login.store'), {
      email,
      password: DEMO_MEMBER_PASSWORD,
    })
    assert.equal(fromOther.location, route('public.login.code'))
  })

  test('個人情報変更: the new address and name are stored, recorded in the change history and shown', async ({
    assert,
  }) => {
    const email = 'ichiro@example.jp'
    const account = await accountOf(server, email)
    const browser = server.client()
    await loginMember(server, browser, email)

    await browser.get(route('member.profile.show'))
    const address = await browser.postForm(route('member.profile.address'), {
      postalCode: '９１０－０００５',
      prefecture: '福井県',
      addressLine: '福井市大手３丁目１０－１',
    })
    assert.equal(address.location, route('member.profile.show'))
    const name = await browser.postForm(route('member.profile.name'), {
      name: '鈴木　一朗',
      nameKana: 'すずき いちろう',
    })
    assert.equal(name.location, route('member.profile.show'))

    const [member] = await server.sql<{
      name: string
      name_kana: string
      postal_code: string
      address: string
    }>('SELECT name, name_kana, postal_code, address FROM members WHERE id = ?', [
      account.member_id,
    ])
    assert.deepEqual(member, {
      name: '鈴木 一朗',
      name_kana: 'スズキ イチロウ',
      postal_code: '9100005',
      address: '福井県福井市大手3丁目10-1',
    })
    const history = await server.sql<{ field: string; new_value: string; changed_by_type: string }>(
      'SELECT field, new_value, changed_by_type FROM profile_changes WHERE member_id = ? ORDER BY id',
      [account.member_id]
    )
    assert.includeDeepMembers(history, [
      { field: 'postal_code', new_value: '9100005', changed_by_type: 'member' },
      { field: 'address', new_value: '福井県福井市大手3丁目10-1', changed_by_type: 'member' },
      { field: 'name', new_value: '鈴木 一朗', changed_by_type: 'member' },
    ])

    const page = await browser.get(route('member.profile.show'))
    const props = page.page<{
      name: string
      nameKana: string
      postalCode: string
      address: string
      flash: { success: string | null }
    }>().props
    assert.equal(props.name, '鈴木 一朗')
    assert.equal(props.nameKana, 'スズキ イチロウ')
    assert.equal(props.postalCode, '〒910-0005')
    assert.equal(props.address, '福井県福井市大手3丁目10-1')
    assert.equal(props.flash.success, '氏名・フリガナを変更しました。')
  })

  test('e-mail change: the link mailed to the new address switches the log-in ID and the old address is told', async ({
    assert,
  }) => {
    const [candidate] = await server.sql<{ email: string }>(
      "SELECT email FROM member_accounts WHERE email LIKE 'member1%@example.jp' AND password IS NOT NULL ORDER BY id"
    )
    const oldEmail = candidate.email
    const newEmail = 'kaeta-adoresu@example.jp'
    const account = await accountOf(server, oldEmail)
    const browser = server.client()
    await loginMember(server, browser, oldEmail)

    await browser.get(route('member.email.edit'))
    const requested = await browser.postForm(route('member.email.update'), { email: newEmail })
    assert.equal(requested.location, route('member.email.edit'))
    const [pending] = await server.sql<{ email: string; pending_email: string }>(
      'SELECT email, pending_email FROM member_accounts WHERE id = ?',
      [account.id]
    )
    assert.deepEqual(pending, { email: oldEmail, pending_email: newEmail }, 'nothing changes yet')

    const confirmMail = await server.waitForMail(
      (mail) => to(newEmail)(mail) && mail.subject.includes('メールアドレス変更の確認')
    )
    const link = (confirmMail.text ?? '').match(/https?:\/\/\S+\/email\/confirm\/\S+/)?.[0]
    assert.exists(link, confirmMail.text ?? '')
    assert.isTrue(link!.startsWith(server.url), link)
    const confirmed = await browser.get(new URL(link!).pathname)
    assert.equal(confirmed.status, 200)
    assert.equal(confirmed.page().component, 'public/email_confirmed')

    const [after] = await server.sql<{ email: string; pending_email: string | null }>(
      'SELECT email, pending_email FROM member_accounts WHERE id = ?',
      [account.id]
    )
    assert.deepEqual(after, { email: newEmail, pending_email: null })
    const told = await server.waitForMail(
      (mail) => to(oldEmail)(mail) && mail.subject.includes('メールアドレスを変更しました')
    )
    assert.include(told.text ?? '', newEmail, 'the old address is told which address replaced it')

    const emailPage = await browser.get(route('member.email.edit'))
    assert.equal(emailPage.page<{ currentEmail: string }>().props.currentEmail, newEmail)

    // The log-in ID is the new address from now on.
    const withNew = server.client()
    await loginMember(server, withNew, newEmail)
    const home = await withNew.get(route('member.home'))
    assert.equal(home.status, 200)
    const withOld = server.client()
    await withOld.get(route('public.login.show'))
    const refused = await withOld.postForm(route('public.login.store'), {
      email: oldEmail,
      password: DEMO_MEMBER_PASSWORD,
    })
    assert.equal(refused.location, route('public.login.show'))
  })
})
