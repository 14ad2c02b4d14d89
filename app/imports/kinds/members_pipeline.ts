import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type ImportBatch from '#models/import_batch'
import type { KindPipeline, PipelineContext } from '#imports/pipeline'
import { rowsStagedIn, scanIntoTable } from '#imports/stage_rows'
import { ImportFileError } from '#imports/decode'
import { memberSchema, type MemberRow } from '#imports/kinds/members'
import { memberIdsByNumber } from '#imports/kinds/statements_pipeline'
import { dialectOf, TableWriter, withRawConnection } from '#imports/write'
import { searchableName } from '#domain/common/japanese_text'
import { dbTimestamp } from '#domain/common/db_time'
import { encryptInitialPassword, generateInitialPassword } from '#domain/auth/initial_passwords'

async function affiliationCodes(client: PipelineContext['client']) {
  const rows = await client.from('affiliations').select('id', 'code')
  return new Map(rows.map((r) => [String(r.code), Number(r.id)]))
}

const STAGED_COLUMNS = [
  'import_batch_id',
  'line_number',
  'member_number',
  'name',
  'name_kana',
  'search_name',
  'birth_date',
  'phone',
  'postal_code',
  'address',
  'affiliation_code',
  'affiliation_name',
  'category',
  'joined_on',
  'withdrawal_accepted_on',
  'refund_on',
]

function stagedValues(batchId: number, row: MemberRow) {
  return [
    batchId,
    row.line,
    row.memberNumber,
    row.name,
    row.nameKana,
    searchableName(row.name, row.nameKana),
    row.birthDate,
    row.phone,
    row.postalCode,
    row.address,
    row.affiliationCode,
    row.affiliationName,
    row.category,
    row.joinedOn,
    row.withdrawalAcceptedOn,
    row.refundOn,
  ]
}

/** The member columns a row of the master sets, as `members` column = staged expression. */
const MASTER_COLUMNS: [string, string][] = [
  ['name', 'r.name'],
  ['name_kana', 'r.name_kana'],
  ['search_name', 'r.search_name'],
  ['birth_date', 'r.birth_date'],
  ['phone', 'r.phone'],
  ['postal_code', 'r.postal_code'],
  ['address', 'r.address'],
  ['affiliation_id', 'a.id'],
  ['category', 'r.category'],
  ['joined_on', 'r.joined_on'],
  ['withdrawal_accepted_on', 'r.withdrawal_accepted_on'],
  ['refund_on', 'r.refund_on'],
]

const STAGED_WITH_AFFILIATION =
  'member_import_rows r LEFT JOIN affiliations a ON a.code = r.affiliation_code'

/** Initial passwords go in with the driver's fast path, this many per write. */
const INITIAL_PASSWORD_CHUNK = 5_000

/**
 * The member master: upsert by member number. Validation stages every valid row under the
 * batch (members cannot see staged rows); the commit applies them set-based in its one
 * transaction — new affiliations, changed members, new members, their initial passwords —
 * so a failure or a kill leaves the master as it was, and no instance needs the file.
 */
export const membersPipeline: KindPipeline = {
  lockKey: () => 'imports:members',

  async validate(ctx) {
    const existing = await memberIdsByNumber(ctx.client)
    const codes = await affiliationCodes(ctx.client)
    const schema = memberSchema({ seenNumbers: new Map(), affiliationCodes: new Set(codes.keys()) })
    let created = 0
    let updated = 0
    const scan = await scanIntoTable(ctx, {
      schema,
      table: 'member_import_rows',
      columns: STAGED_COLUMNS,
      values: (row) => stagedValues(ctx.batch.id, row),
      count: (row) => {
        if (existing.has(row.memberNumber)) updated++
        else created++
      },
    })
    return {
      scan,
      rowCount: scan.records,
      memberCount: created + updated,
      totalAmount: 0,
      summary: { members: { created, updated } },
    }
  },

  stagedRows: (batch, client) => rowsStagedIn('member_import_rows', batch.id, client),

  async apply(batch: ImportBatch, trx: TransactionClientContract) {
    const now = dbTimestamp()
    // PostgreSQL cannot infer a parameter's type from a SELECT list.
    const stamp = dialectOf(trx) === 'pg' ? '?::timestamptz' : '?'
    await trx.rawQuery(
      `INSERT INTO affiliations (code, name, is_active, created_at, updated_at)
       SELECT r.affiliation_code, r.affiliation_name, TRUE, ${stamp}, ${stamp}
       FROM member_import_rows r
       WHERE r.import_batch_id = ? AND r.affiliation_name IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM affiliations a WHERE a.code = r.affiliation_code)
         AND r.line_number = (
           SELECT MIN(f.line_number) FROM member_import_rows f
           WHERE f.import_batch_id = r.import_batch_id
             AND f.affiliation_code = r.affiliation_code AND f.affiliation_name IS NOT NULL)`,
      [now, now, batch.id]
    )
    const unknown = await trx
      .from('member_import_rows as r')
      .where('r.import_batch_id', batch.id)
      .whereNotNull('r.affiliation_code')
      .whereNotExists((query) => {
        query.from('affiliations as a').whereRaw('a.code = r.affiliation_code')
      })
      .select('r.affiliation_code', 'r.line_number')
      .first()
    if (unknown) {
      throw new ImportFileError(
        `所属コード ${unknown.affiliation_code} は登録されていません（${unknown.line_number}行目）。所属名を入れて取り込み直してください。`,
        Number(unknown.line_number)
      )
    }
    await trx.rawQuery(
      `UPDATE member_import_rows SET is_new = TRUE
       WHERE import_batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.member_number = member_import_rows.member_number)`,
      [batch.id]
    )
    await trx.rawQuery(
      `UPDATE members SET ${MASTER_COLUMNS.map(([column, value]) => `${column} = ${value}`).join(', ')},
         updated_at = ?
       FROM ${STAGED_WITH_AFFILIATION}
       WHERE r.import_batch_id = ? AND r.is_new = FALSE AND members.member_number = r.member_number`,
      [now, batch.id]
    )
    await trx.rawQuery(
      `INSERT INTO members (member_number, ${MASTER_COLUMNS.map(([column]) => column).join(', ')},
         created_at, updated_at)
       SELECT r.member_number, ${MASTER_COLUMNS.map(([, value]) => value).join(', ')}, ${stamp}, ${stamp}
       FROM ${STAGED_WITH_AFFILIATION}
       WHERE r.import_batch_id = ? AND r.is_new = TRUE
       ORDER BY r.line_number`,
      [now, now, batch.id]
    )
    await issueInitialPasswordsToNewMembers(batch, trx, now)
    await trx.from('member_import_rows').where('import_batch_id', batch.id).delete()
  },

  async publish() {
    return null
  },

  async unpublish() {},

  async purge(batchId, client) {
    await client.from('member_import_rows').where('import_batch_id', batchId).delete()
  },

  async isActive() {
    return false
  },
}

/**
 * Every member the commit created gets an initial password for the guide letter. The plain
 * value is not kept: the letter decrypts it when printed.
 */
async function issueInitialPasswordsToNewMembers(
  batch: ImportBatch,
  trx: QueryClientContract,
  now: string
) {
  const created = await trx
    .from('members as m')
    .join('member_import_rows as r', 'r.member_number', 'm.member_number')
    .where('r.import_batch_id', batch.id)
    .whereRaw('r.is_new = TRUE')
    .select('m.id')
  const memberIds = created.map((row) => Number(row.id))
  await withRawConnection(trx, async (raw) => {
    const writer = new TableWriter(raw, 'initial_passwords', [
      'member_id',
      'encrypted_password',
      'issued_at',
      'issued_by_staff_id',
      'invalidated_at',
      'created_at',
    ])
    try {
      for (let start = 0; start < memberIds.length; start += INITIAL_PASSWORD_CHUNK) {
        await writer.write(
          memberIds
            .slice(start, start + INITIAL_PASSWORD_CHUNK)
            .map((id) => [
              id,
              encryptInitialPassword(id, generateInitialPassword()),
              now,
              null,
              null,
              now,
            ])
        )
      }
      await writer.finish()
    } catch (error) {
      writer.abort()
      throw error
    }
  })
}
