import { test } from '@japa/runner'
import { engine, startRealServer, type RealServer } from '#tests/helpers/real_server'
import {
  loginMember,
  loginStaff,
  memberLoginAttempts,
  route,
  wrongMemberPassword,
} from '#tests/helpers/real_server_logins'
import { copyOfJar } from '#tests/helpers/real_server_sessions'

/*
| Two app processes of one installation behind a load balancer: a browser may
| reach either. On PostgreSQL the run is production's shape (sessions, limits
| and locks in Redis); on SQLite the quick start's stores (database tables)
| are shared by two processes on one file the same way.
*/
test.group(`Two instances of one installation (${engine})`, (group) => {
  let a: RealServer
  let b: RealServer
  group.setup(async () => {
    a = await startRealServer()
    b = await startRealServer({ sameInstallationAs: a })
    return async () => {
      await b.stop()
      await a.stop()
    }
  })

  test('a member logged in on one instance is logged in on the other; log-out on the other ends it on both', async ({
    assert,
  }) => {
    const onA = a.client()
    await loginMember(a, onA, 'hanako@example.jp')
    const onB = copyOfJar(b, onA)
    const home = await onB.get(route('member.home'))
    assert.equal(home.status, 200)
    assert.equal(home.page().component, 'member/home')

    await onB.postForm(route('member.logout'), {})

    const again = copyOfJar(a, onA)
    const afterwards = await again.get(route('member.home'))
    assert.equal(afterwards.status, 302)
    assert.equal(afterwards.location, route('public.login.show'))
  })

  test('a staff session started on one instance opens the back-office on the other', async ({
    assert,
  }) => {
    const onA = a.client()
    await loginStaff(onA, 'clerk')
    const dashboard = await copyOfJar(b, onA).get(route('staff.dashboard'))
    assert.equal(dashboard.status, 200)
  })

  test('failed log-ins counted on one instance count on the other: the 6th wrong password within a minute is refused there', async ({
    assert,
  }) => {
    const email = 'member1000020@example.jp'
    const tries = [a, a, a, b, a, b]
    for (const server of tries) {
      await wrongMemberPassword(server.client({ localAddress: '127.0.0.9' }), email)
    }
    const logged = await memberLoginAttempts(a, email)
    assert.deepEqual(
      logged.map((row) => row.reason),
      ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']
    )
  })
})
