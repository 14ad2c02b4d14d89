import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { route } from '#tests/helpers/real_server_logins'
import { issueCardToken } from '#domain/members/membership_card'

/*
| The card check page (issue 12 item 1) against the served app: 31 phones at once from one
| address scan a valid card. The per-address limit (30 a minute) is counted in the limiter's
| store, not in the request, so exactly 30 are answered and recorded and one is refused.
*/
test.group('Card check on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })
  group.each.timeout(120_000)

  test('31 checks at once from one address: 30 answered 有効 and recorded, one refused with 429', async ({
    assert,
  }) => {
    // Signed with the served installation's APP_KEY, as its card page signs it.
    const { token } = issueCardToken('1000001', { secret: server.env.APP_KEY })
    const path = route('public.card_check.show', { token })
    const answers = await Promise.all(
      Array.from({ length: 31 }, () => server.client().get(path, { timeoutMs: 60_000 }))
    )
    const statuses = answers.map((answer) => answer.status).sort()
    assert.deepEqual(statuses, [...Array.from({ length: 30 }, () => 200), 429])
    for (const answer of answers.filter((a) => a.status === 200)) {
      assert.include(answer.text, '有効な組合員証です')
    }
    assert.include(answers.find((a) => a.status === 429)!.text, '1分間に30回')

    const rows = await server.sql<{ result: string; total: number }>(
      'SELECT result, COUNT(*) AS total FROM card_checks GROUP BY result'
    )
    assert.deepEqual(
      rows.map((row) => [row.result, Number(row.total)]),
      [['valid', 30]]
    )
  })
})
