import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import StatementPublishedMail from '#mails/statement_published_mail'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { StatementFactory } from '#database/factories/statement_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { transaction } from '#services/transaction'
import { queueStatementNotifications } from '#domain/statements/statement_notifications'
import { decodeDetails } from '#domain/mail/outbox'
import { commitBatch } from '#imports/run/commit'
import { queueCommit } from '#imports/run/lifecycle'
import { rollbackBatch } from '#imports/run/rollback'
import { corpusMembers, validateFixture } from '#tests/helpers/imports'
import { allMails } from '#tests/helpers/mails'
import MemberAccount from '#models/member_account'

const MONTH = '2026-10'

async function stagedBatch(month = MONTH) {
  return ImportBatch.create({
    ...committedBatchAttributes('statements', month),
    status: 'validated',
  })
}

async function withStatement(batch: ImportBatch, memberId: number) {
  await StatementFactory.merge({
    memberId,
    importBatchId: batch.id,
    billingMonth: batch.period!,
    totalAmount: 12_345,
    lineCount: 1,
  }).create()
}

function notifyBatch(batch: ImportBatch) {
  return transaction((trx) =>
    queueStatementNotifications({ id: batch.id, billingMonth: batch.period! }, trx)
  )
}

async function outboxRows() {
  return db
    .from('mail_outbox')
    .where('kind', 'statement_published')
    .orderBy('id')
    .select('member_id', 'recipient', 'status', 'priority', 'cause', 'payload')
}

/** The corpus members (2000001, 2000002) registered long ago, so they see 2026-10. */
async function registeredCorpusMembers() {
  const members = await corpusMembers()
  for (const member of members) {
    await member.related('account').create({
      registrationState: 'registered',
      email: `corpus${member.memberNumber}@example.jp`,
      password: 'x',
      registeredAt: DateTime.fromISO('2025-04-01T00:00:00Z'),
    })
  }
  return members
}

async function commitFixture(fixture = 'valid_sjis_crlf.csv') {
  const { batch } = await validateFixture(fixture)
  await queueCommit(batch)
  return commitBatch(batch.id)
}

test.group('Statement notifications: who is told a month was published', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('registered before the month (Japan time) yes; registered in the month itself no', async ({
    assert,
  }) => {
    const batch = await stagedBatch()
    // 2026-09-30 23:59:59 in Japan: registered in September, sees October.
    const before = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-09-30T14:59:59Z'),
    })
    // 2026-10-01 00:00:00 in Japan: registered in October, sees November on.
    const same = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-09-30T15:00:00Z'),
    })
    await withStatement(batch, before.member.id)
    await withStatement(batch, same.member.id)

    assert.equal(await notifyBatch(batch), 1)
    const rows = await outboxRows()
    assert.deepEqual(
      rows.map((r) => [r.member_id, r.recipient, r.status, Number(r.priority), r.cause]),
      [[before.member.id, before.account.email, 'queued', 2, `statements:${MONTH}:${batch.id}`]]
    )
    // The payload is the month only: no amount, no name, nothing else.
    assert.deepEqual(decodeDetails(rows[0].payload), [MONTH])
  })

  test('opted out, withdrawn, not registered or without a statement: not told; pending withdrawal: told', async ({
    assert,
  }) => {
    const batch = await stagedBatch()
    const told = await createRegisteredMember()
    const optedOut = await createRegisteredMember()
    await MemberAccount.query().where('id', optedOut.account.id).update({ notifyStatements: false })
    const noticesOff = await createRegisteredMember()
    await MemberAccount.query().where('id', noticesOff.account.id).update({ notifyNotices: false })
    const withdrawn = await createRegisteredMember({ states: ['withdrawn'] })
    const pending = await createRegisteredMember({ states: ['withdrawalPending'] })
    const unregistered = await createUnregisteredMember()
    const noStatement = await createRegisteredMember()
    for (const member of [told, optedOut, noticesOff, withdrawn, pending, unregistered]) {
      await withStatement(batch, member.member.id)
    }

    assert.equal(await notifyBatch(batch), 3)
    const rows = await outboxRows()
    const notified = rows.map((r) => r.member_id)
    assert.sameMembers(notified, [told.member.id, noticesOff.member.id, pending.member.id])
    assert.notInclude(notified, noStatement.member.id)
  })

  test('a commit queues the mails with the month; a rollback cancels the unsent ones', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    const [first, second] = await registeredCorpusMembers()
    const committed = await commitFixture()
    const rows = await outboxRows()
    assert.sameMembers(
      rows.map((r) => r.member_id),
      [first.id, second.id]
    )
    assert.isTrue(rows.every((r) => r.status === 'queued'))

    // One is sent before the rollback; the other is still queued and is cancelled.
    await db
      .from('mail_outbox')
      .where('member_id', first.id)
      .update({ status: 'sent', payload: null })
    await rollbackBatch(committed.id)
    const after = await db
      .from('mail_outbox')
      .where('kind', 'statement_published')
      .orderBy('member_id')
      .select('member_id', 'status', 'payload')
    assert.deepEqual(
      after.map((r) => [r.member_id, r.status, r.payload]),
      [
        [first.id, 'sent', null],
        [second.id, 'cancelled', null],
      ]
    )
    assert.lengthOf(await allMails(mails), 0)
  })

  test('a correction re-import of a notified month mails nobody again; after a rollback it does', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    const [first, second] = await registeredCorpusMembers()
    await commitFixture()
    const sentFirst = await allMails(mails, (m) => m instanceof StatementPublishedMail)
    assert.lengthOf(sentFirst, 2)

    const correction = await commitFixture()
    assert.equal(correction.status, 'committed')
    assert.lengthOf(await outboxRows(), 2)
    assert.lengthOf(await allMails(mails, (m) => m instanceof StatementPublishedMail), 2)

    // Rolled back before its mails went, a batch told nobody: the next import tells them.
    await db.from('mail_outbox').where('kind', 'statement_published').delete()
    const unsent = await commitFixture()
    await rollbackBatch(unsent.id)
    const again = await commitFixture()
    const rows = await outboxRows()
    assert.deepEqual(
      rows.map((r) => [r.member_id, r.status, r.cause]),
      [
        [first.id, 'cancelled', `statements:${MONTH}:${unsent.id}`],
        [second.id, 'cancelled', `statements:${MONTH}:${unsent.id}`],
        [first.id, 'queued', `statements:${MONTH}:${again.id}`],
        [second.id, 'queued', `statements:${MONTH}:${again.id}`],
      ]
    )
  })
})
