import type { KindPipeline, PipelineContext } from '#imports/pipeline'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { scanFile } from '#imports/rows'
import { memberSchema, type MemberRow } from '#imports/kinds/members'
import { memberIdsByNumber } from '#imports/kinds/statements_pipeline'
import { searchableName } from '#domain/japanese_text'
import { dbTimestamp } from '#domain/db_time'
import { issueInitialPassword } from '#domain/initial_passwords'

async function affiliationCodes(client: PipelineContext['client']) {
  const rows = await client.from('affiliations').select('id', 'code')
  return new Map(rows.map((r) => [String(r.code), Number(r.id)]))
}

/**
 * The member master: upsert by member number. Nothing is staged (members are live rows);
 * the commit applies the whole file in one transaction, so a failure or a kill leaves the
 * master as it was. New members get an initial password (for their guide letter).
 */
export const membersPipeline: KindPipeline = {
  lockKey: () => 'imports:members',

  async validate(ctx) {
    const existing = await memberIdsByNumber(ctx.client)
    const codes = await affiliationCodes(ctx.client)
    const schema = memberSchema({ seenNumbers: new Map(), affiliationCodes: new Set(codes.keys()) })
    let created = 0
    let updated = 0
    let bytes = 0
    const scan = await scanFile({
      path: ctx.path,
      encoding: ctx.encoding,
      schema,
      onBytes: (read) => (bytes = read),
      onError: ctx.onError,
      onRows: async (rows) => {
        for (const row of rows) {
          if (existing.has(row.memberNumber)) updated++
          else created++
        }
        await ctx.progress(bytes)
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

  async stagedRows(batch) {
    return batch.rowCount
  },

  async apply(ctx: PipelineContext, trx: TransactionClientContract) {
    const existing = await memberIdsByNumber(trx)
    const codes = await affiliationCodes(trx)
    const schema = memberSchema({ seenNumbers: new Map(), affiliationCodes: new Set(codes.keys()) })
    const now = dbTimestamp()
    let bytes = 0
    const apply = async (row: MemberRow) => {
      let affiliationId: number | null = null
      if (row.affiliationCode) {
        affiliationId = codes.get(row.affiliationCode) ?? null
        if (affiliationId === null) {
          await trx.table('affiliations').insert({
            code: row.affiliationCode,
            name: row.affiliationName!,
            is_active: true,
            created_at: now,
            updated_at: now,
          })
          const inserted = await trx.from('affiliations').where('code', row.affiliationCode).first()
          affiliationId = Number(inserted.id)
          codes.set(row.affiliationCode, affiliationId)
        }
      }
      const values = {
        name: row.name,
        name_kana: row.nameKana,
        search_name: searchableName(row.name, row.nameKana),
        birth_date: row.birthDate,
        phone: row.phone,
        postal_code: row.postalCode,
        address: row.address,
        affiliation_id: affiliationId,
        category: row.category,
        joined_on: row.joinedOn,
        withdrawal_accepted_on: row.withdrawalAcceptedOn,
        refund_on: row.refundOn,
        updated_at: now,
      }
      const id = existing.get(row.memberNumber)
      if (id !== undefined) {
        await trx.from('members').where('id', id).update(values)
        return
      }
      await trx
        .table('members')
        .insert({ ...values, member_number: row.memberNumber, created_at: now })
      const inserted = await trx.from('members').where('member_number', row.memberNumber).first()
      existing.set(row.memberNumber, Number(inserted.id))
      // The plain value is not kept here: the guide letter decrypts it when printed.
      await issueInitialPassword(Number(inserted.id), { trx })
    }
    return scanFile({
      path: ctx.path,
      encoding: ctx.encoding,
      schema,
      onBytes: (read) => (bytes = read),
      onError: (error) => {
        throw new Error(`the file changed after validation (line ${error.line})`)
      },
      onRows: async (rows) => {
        for (const row of rows) await apply(row)
        await ctx.progress(bytes)
      },
    })
  },

  async publish() {
    return null
  },

  async unpublish() {},

  async purge() {},

  async isActive() {
    return false
  },
}
