import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import { STALE_AFTER_MS } from '#imports/run/lock'
import { startRealServer, type HttpClient, type RealServer } from '#tests/helpers/real_server'
import { loginMember, loginStaff, route } from '#tests/helpers/real_server_logins'
import {
  batchRow,
  commitImport,
  importProgress,
  demoMonth,
  statementsCsv,
  uploadStatements,
  waitForImportStatus,
} from '#tests/helpers/real_server_imports'

/*
| Issue 9, defect 4: a runner killed with SIGKILL left its batch 「反映中」 (or 「検証中」)
| and refused new uploads of the month until some instance restarted. Now every web
| instance sweeps for batches whose runner is dead (stale heartbeat) every minute or so:
| here the sweep runs every 2 s (IMPORT_RECOVERY_INTERVAL_MS), two instances of one
| installation sweep at once, and the server is never restarted.
*/
const SWEEP_MS = 2000
/** What the README promises, with the test's sweep interval: threshold + one sweep + slack. */
const RECOVERY_BOUND_MS = STALE_AFTER_MS + SWEEP_MS * 1.25 + 10_000

test.group('Imports recovered without a restart (real server)', (group) => {
  let server: RealServer
  let peer: RealServer
  let clerk: HttpClient
  let member: HttpClient
  // Each test its own month: one test's stuck batch never blocks the other's.
  let month: string
  let memberTotal: string

  group.setup(async () => {
    const env = { IMPORT_CHUNK_DELAY_MS: '1500', IMPORT_RECOVERY_INTERVAL_MS: String(SWEEP_MS) }
    server = await startRealServer({ env })
    peer = await startRealServer({ env, sameInstallationAs: server })
    return async () => {
      await peer.stop()
      await server.stop()
    }
  })

  /** A clerk on one instance, the member on the other, and what the member sees of `month`. */
  async function begin(monthsBeforeLatest: number) {
    month = demoMonth(monthsBeforeLatest)
    clerk = server.client()
    await loginStaff(clerk, 'clerk')
    member = peer.client()
    await loginMember(peer, member, 'hanako@example.jp')
    memberTotal = await memberSeesTotal()
  }

  /** The member's page of the month, over HTTP: the total shown. */
  async function memberSeesTotal() {
    const page = await member.get(route('member.statements.show', { month }))
    if (page.status !== 200) throw new Error(`member page of ${month}: ${page.status}`)
    return page.page<{ total: string }>().props.total
  }

  /** Kills the runner child (its pid is on the batch) once `ready` holds. */
  async function killRunnerWhen(batchId: number, ready: (row: any) => boolean) {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      const row = await batchRow(server, batchId)
      if (row.worker_pid && ready(row)) {
        process.kill(Number(row.worker_pid), 'SIGKILL')
        return { killedAt: Date.now(), pid: Number(row.worker_pid), status: row.status }
      }
      if (['failed', 'validated', 'invalid', 'committed'].includes(row.status)) break
      await sleep(50)
    }
    throw new Error(`the runner of batch ${batchId} was never caught at work`)
  }

  /**
   * Until the batch is 失敗: the member keeps seeing the month as it was. Resolves with the
   * time from the kill to the failure.
   */
  async function waitForRecovery(assert: any, batchId: number, killedAt: number) {
    while (Date.now() - killedAt < RECOVERY_BOUND_MS) {
      const progress = await importProgress(clerk, batchId)
      if (progress.status === 'failed') {
        assert.equal(progress.statusLabel, '失敗')
        return Date.now() - killedAt
      }
      assert.equal(await memberSeesTotal(), memberTotal, 'the member sees the previous data')
      await sleep(500)
    }
    assert.fail(
      `batch ${batchId} was not failed within ${RECOVERY_BOUND_MS} ms of the kill:\n${server.output()}`
    )
    return 0
  }

  /** After recovery: a new upload of the month is accepted and commits. */
  async function uploadAgainAndCommit(assert: any) {
    const again = await uploadStatements(clerk, month, statementsCsv(month, 3, 1111, '再取込'))
    assert.exists(again.batchId, `the new upload is accepted (${again.location})`)
    const validated = await waitForImportStatus(clerk, again.batchId!, ['validated', 'failed'])
    assert.equal(validated.status, 'validated', server.output())
    const commit = await commitImport(clerk, again.batchId!)
    assert.equal(commit.status, 302)
    const committed = await waitForImportStatus(clerk, again.batchId!, ['committed', 'failed'])
    assert.equal(committed.status, 'committed', server.output())
    assert.equal(await memberSeesTotal(), '3,333円')
  }

  function recoveryLogLines(batchId: number) {
    return [server, peer]
      .flatMap((instance) => instance.output().split('\n'))
      .filter((line) => line.includes(`import batch ${batchId} marked failed`))
  }

  /**
   * The sweep flips the status first and then purges the staged rows, releases the lock and logs:
   * wait for its log line (the end of its work) before checking what it left behind.
   */
  async function recoveryFinished(batchId: number) {
    const deadline = Date.now() + 30_000
    while (recoveryLogLines(batchId).length === 0 && Date.now() < deadline) await sleep(200)
    return recoveryLogLines(batchId)
  }

  test('runner killed while validating: failed within the bound, month free again', async ({
    assert,
  }) => {
    await begin(0)
    const upload = await uploadStatements(clerk, month, statementsCsv(month, 20_000, 7, '大量'))
    assert.exists(upload.batchId, `upload accepted (${upload.location})`)
    const kill = await killRunnerWhen(
      upload.batchId!,
      (row) => row.status === 'validating' && Number(row.progress_done) > 0
    )
    assert.equal(kill.status, 'validating')

    const blocked = await uploadStatements(clerk, month, statementsCsv(month, 1, 1))
    assert.isNull(blocked.batchId, 'while it looks running, the month is refused')

    const recoveredAfter = await waitForRecovery(assert, upload.batchId!, kill.killedAt)
    console.log(`validation kill: batch failed ${recoveredAfter} ms after SIGKILL`)
    const row = await batchRow(server, upload.batchId!)
    assert.match(row.failure_message, /検証中に処理が停止/)
    const sweeps = await recoveryFinished(upload.batchId!)
    const staged = await server.sql(
      'SELECT COUNT(*) AS n FROM statements WHERE import_batch_id = ?',
      [upload.batchId]
    )
    assert.equal(Number(staged[0].n), 0, 'staged rows deleted')
    assert.lengthOf(sweeps, 1, 'one instance won the sweep')

    await uploadAgainAndCommit(assert)
  }).timeout(180_000)

  test('runner killed during commit: failed within the bound, previous month shown throughout', async ({
    assert,
  }) => {
    await begin(1)
    const upload = await uploadStatements(clerk, month, statementsCsv(month, 40, 250, '反映'))
    assert.exists(upload.batchId)
    const validated = await waitForImportStatus(clerk, upload.batchId!, ['validated', 'failed'])
    assert.equal(validated.status, 'validated', server.output())
    const commit = await commitImport(clerk, upload.batchId!)
    assert.equal(commit.status, 302)
    const kill = await killRunnerWhen(upload.batchId!, (row) => row.status === 'committing')
    assert.equal(kill.status, 'committing')
    const shown = await importProgress(clerk, upload.batchId!)
    assert.equal(shown.statusLabel, '反映中')

    const recoveredAfter = await waitForRecovery(assert, upload.batchId!, kill.killedAt)
    console.log(`commit kill: batch failed ${recoveredAfter} ms after SIGKILL`)
    const row = await batchRow(server, upload.batchId!)
    assert.match(row.failure_message, /以前のデータはそのまま表示されています/)
    assert.equal(await memberSeesTotal(), memberTotal)
    assert.lengthOf(await recoveryFinished(upload.batchId!), 1, 'one instance won the sweep')

    await uploadAgainAndCommit(assert)
  }).timeout(180_000)
})
