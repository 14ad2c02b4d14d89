import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { loginMember, route } from '#tests/helpers/real_server_logins'

/*
| Issue 9, defect 1: on SQLite (one connection) the reset waited 60 s for a
| connection its own transaction held, answered 500, left the password and the
| link as they were, and stalled every other request meanwhile.
*/
test.group('Password reset on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('the mailed link sets the new password at once, ends the link and keeps the portal answering', async ({
    assert,
  }) => {
    const member = server.client()
    await member.get(route('public.password.forgot'))
    const requested = await member.postForm(route('public.password.request'), {
      memberNumber: '1000001',
      email: 'hanako@example.jp',
      birthDate: '19850614',
    })
    assert.equal(requested.status, 302)
    const mail = await server.waitForMail(
      (candidate) =>
        candidate.to.includes('hanako@example.jp') && candidate.subject.includes('パスワード')
    )
    const link = (mail.text ?? '').match(/https?:\/\/\S+\/password\/reset\/\S+/)?.[0]
    assert.exists(link, 'the mail carries the reset link')
    const path = new URL(link!).pathname
    assert.isTrue(link!.startsWith(server.url), `the link points at this server (${link})`)

    const form = await member.get(path)
    assert.equal(form.status, 200)

    const health = server.client()
    const [reset, healthDuringReset] = await Promise.all([
      member.postForm(
        path,
        {
          password: 'Shinsei-Pass-2026-Sakura',
          password_confirmation: 'Shinsei-Pass-2026-Sakura',
        },
        { timeoutMs: 15_000 }
      ),
      health.get(route('public.health'), { timeoutMs: 15_000 }),
    ])
    assert.equal(reset.status, 302, server.output())
    assert.equal(reset.location, route('public.login.show'))
    assert.isBelow(
      reset.elapsedMs,
      5000,
      'the reset answers in seconds, not after a 60 s pool timeout'
    )
    assert.equal(healthDuringReset.status, 200)
    assert.isBelow(healthDuringReset.elapsedMs, 5000)

    const again = await member.get(path)
    assert.notInclude(again.text, 'name="password_confirmation"', 'the link is used up')

    const fresh = server.client()
    await loginMember(server, fresh, 'hanako@example.jp', 'Shinsei-Pass-2026-Sakura')
    const home = await fresh.get(route('member.home'))
    assert.equal(home.status, 200)
  })
})
