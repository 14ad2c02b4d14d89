import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { Database as SqliteDatabase, Statement as SqliteStatement } from 'better-sqlite3'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { StatementRow } from '#imports/kinds/statements'

/**
 * Writers: the driver's fastest path (STACK.md "Performance facts"), never Lucid models row by
 * row. SQLite: better-sqlite3 prepared statements in large transactions. PostgreSQL: COPY.
 *
 * Rows go in under the new batch id, in transactions of tens of thousands of rows, so
 * progress can be reported between them; members cannot see any of it until the billing
 * month's pointer moves to the batch (one update, see run.ts). A process killed half-way
 * leaves rows of a batch nobody points at: recovery deletes them.
 */
export type Dialect = 'sqlite' | 'pg'

export interface RawConnection {
  dialect: Dialect
  /** True inside an outer transaction (tests): chunks become savepoints. */
  nested: boolean
  sqlite?: SqliteDatabase
  pg?: PoolClient
}

/** The driver connection behind a Lucid client (the transaction's own when it is one). */
export async function withRawConnection<T>(
  client: QueryClientContract,
  work: (raw: RawConnection) => Promise<T>
): Promise<T> {
  const knex = client.getWriteClient() as any
  const dialect: Dialect = client.dialect.name === 'postgres' ? 'pg' : 'sqlite'
  const connection = await knex.client.acquireConnection()
  try {
    return await work({
      dialect,
      nested: client.isTransaction,
      sqlite: dialect === 'sqlite' ? connection : undefined,
      pg: dialect === 'pg' ? connection : undefined,
    })
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

export function dialectOf(client: QueryClientContract): Dialect {
  return client.dialect.name === 'postgres' ? 'pg' : 'sqlite'
}

/** Text-format COPY escaping (backslash, tab, line breaks). */
export function copyValue(value: string | number | null): string {
  if (value === null) return '\\N'
  if (typeof value === 'number') return String(value)
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value
}

export async function copyInto(pg: PoolClient, sql: string, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const stream = pg.query(copyFrom(sql))
    stream.on('error', reject)
    stream.on('finish', () => resolve())
    stream.end(text)
  })
}

let savepointCounter = 0

/** A chunk transaction on the raw connection (a savepoint inside an outer transaction). */
export async function pgChunk<T>(raw: RawConnection, work: () => Promise<T>): Promise<T> {
  const pg = raw.pg!
  const name = `import_chunk_${++savepointCounter}`
  await pg.query(raw.nested ? `SAVEPOINT ${name}` : 'BEGIN')
  try {
    const result = await work()
    await pg.query(raw.nested ? `RELEASE SAVEPOINT ${name}` : 'COMMIT')
    return result
  } catch (error) {
    await pg.query(raw.nested ? `ROLLBACK TO SAVEPOINT ${name}` : 'ROLLBACK')
    throw error
  }
}

interface MemberStatement {
  id: number
  lines: number
  total: number
}

/** Writes one batch's statements and lines. Memory: one entry per member, one chunk of rows. */
export abstract class StatementWriter {
  protected statements = new Map<number, MemberStatement>()

  constructor(
    protected raw: RawConnection,
    protected batchId: number,
    protected billingMonth: string
  ) {}

  static for(raw: RawConnection, batchId: number, billingMonth: string): StatementWriter {
    return raw.dialect === 'pg'
      ? new PgStatementWriter(raw, batchId, billingMonth)
      : new SqliteStatementWriter(raw, batchId, billingMonth)
  }

  abstract write(rows: StatementRow[]): Promise<void>
  /** Rolls back an open chunk after a failure (so the connection goes back clean). */
  abstract abort(): Promise<void> | void
  /** Flushes what is buffered and writes each statement's total and line count. */
  abstract finish(): Promise<void>

  get memberCount() {
    return this.statements.size
  }
}

class SqliteStatementWriter extends StatementWriter {
  #insertStatement: SqliteStatement
  #insertLine: SqliteStatement
  #db: SqliteDatabase

  constructor(raw: RawConnection, batchId: number, billingMonth: string) {
    super(raw, batchId, billingMonth)
    this.#db = raw.sqlite!
    this.#insertStatement = this.#db.prepare(
      'INSERT INTO statements (import_batch_id, member_id, billing_month, total_amount, line_count) VALUES (?, ?, ?, 0, 0)'
    )
    this.#insertLine = this.#db.prepare(
      'INSERT INTO statement_lines (statement_id, line_number, line_date, category, item_name, quantity, unit_price, amount, tax_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
  }

  #open = false
  #pending = 0
  #openedAt = 0

  /** Rows go in under one open transaction, committed every SQLITE_COMMIT_ROWS rows or second. */
  #begin() {
    if (this.#open) return
    this.#db.exec(this.raw.nested ? 'SAVEPOINT import_chunk' : 'BEGIN')
    this.#open = true
    this.#openedAt = Date.now()
  }

  #commit() {
    if (!this.#open) return
    this.#db.exec(this.raw.nested ? 'RELEASE import_chunk' : 'COMMIT')
    this.#open = false
    this.#pending = 0
  }

  abort() {
    if (!this.#open) return
    this.#db.exec(this.raw.nested ? 'ROLLBACK TO import_chunk; RELEASE import_chunk' : 'ROLLBACK')
    this.#open = false
  }

  async write(rows: StatementRow[]) {
    this.#begin()
    for (const row of rows) {
      let statement = this.statements.get(row.memberId)
      if (!statement) {
        const info = this.#insertStatement.run(this.batchId, row.memberId, this.billingMonth)
        statement = { id: Number(info.lastInsertRowid), lines: 0, total: 0 }
        this.statements.set(row.memberId, statement)
      }
      statement.lines++
      statement.total += row.amount
      this.#insertLine.run(
        statement.id,
        statement.lines,
        row.lineDate,
        row.category,
        row.itemName,
        row.quantity,
        row.unitPrice,
        row.amount,
        row.taxRate
      )
    }
    this.#pending += rows.length
    // Large transactions are fast; committing at least every second also makes progress and
    // the heartbeat (written on this connection) visible, and keeps member reads' WAL short.
    if (this.#pending >= SQLITE_COMMIT_ROWS || Date.now() - this.#openedAt > 1000) this.#commit()
  }

  async finish() {
    const update = this.#db.prepare(
      'UPDATE statements SET total_amount = ?, line_count = ? WHERE id = ?'
    )
    this.#begin()
    for (const statement of this.statements.values()) {
      update.run(statement.total, statement.lines, statement.id)
    }
    this.#commit()
  }
}

const PG_FLUSH_ROWS = 50_000
const SQLITE_COMMIT_ROWS = 50_000
const PG_VALUES_PER_INSERT = 5_000

/**
 * PostgreSQL: one transaction, one streaming COPY for all the lines (parsing and the server's
 * work overlap; memory stays at one read chunk). Statement rows are created first for every
 * member (one INSERT ... SELECT), so each line knows its statement id; the ones no line used
 * are deleted at the end. Nothing is visible to anyone until the transaction commits, and a
 * killed process simply rolls it back.
 */
class PgStatementWriter extends StatementWriter {
  #ids = new Map<number, number>()
  #copy: ReturnType<typeof copyFrom> | null = null
  #copyDone: Promise<void> | null = null
  #started = false

  async #start() {
    this.#started = true
    const pg = this.raw.pg!
    await pg.query(this.raw.nested ? 'SAVEPOINT import_pg' : 'BEGIN')
    const result = await pg.query(
      `INSERT INTO statements (import_batch_id, member_id, billing_month, total_amount, line_count)
       SELECT $1, id, $2, 0, 0 FROM members RETURNING id, member_id`,
      [this.batchId, this.billingMonth]
    )
    for (const row of result.rows) this.#ids.set(Number(row.member_id), Number(row.id))
    this.#copy = pg.query(
      copyFrom(
        'COPY statement_lines (statement_id, line_number, line_date, category, item_name, quantity, unit_price, amount, tax_rate) FROM STDIN'
      )
    )
    const copy = this.#copy
    this.#copyDone = new Promise<void>((resolve, reject) => {
      copy.on('error', reject)
      copy.on('finish', () => resolve())
    })
    // Surface a COPY error at the next write instead of as an unhandled rejection.
    this.#copyDone.catch(() => {})
  }

  async abort() {
    if (this.#copy && !this.#copy.writableEnded) {
      // Ends the COPY with CopyFail; the server then answers with an error we expect.
      this.#copy.destroy(new Error('import aborted'))
      await this.#copyDone?.catch(() => {})
    }
    this.#copy = null
    if (this.#started) {
      this.#started = false
      await this.raw.pg!.query(this.raw.nested ? 'ROLLBACK TO SAVEPOINT import_pg' : 'ROLLBACK')
    }
  }

  async write(rows: StatementRow[]) {
    if (!this.#started) await this.#start()
    let text = ''
    for (const row of rows) {
      let statement = this.statements.get(row.memberId)
      if (!statement) {
        statement = { id: this.#ids.get(row.memberId)!, lines: 0, total: 0 }
        this.statements.set(row.memberId, statement)
      }
      statement.lines++
      statement.total += row.amount
      text += `${statement.id}\t${statement.lines}\t${row.lineDate}\t${copyValue(row.category)}\t${copyValue(row.itemName)}\t${row.quantity}\t${row.unitPrice}\t${row.amount}\t${row.taxRate}\n`
    }
    if (text && !this.#copy!.write(text)) {
      await Promise.race([
        new Promise((resolve) => this.#copy!.once('drain', resolve)),
        this.#copyDone,
      ])
    }
  }

  async finish() {
    if (!this.#started) await this.#start()
    this.#copy!.end()
    await this.#copyDone
    this.#copy = null
    const pg = this.raw.pg!
    const all = [...this.statements.values()]
    for (let start = 0; start < all.length; start += PG_VALUES_PER_INSERT) {
      const slice = all.slice(start, start + PG_VALUES_PER_INSERT)
      await pg.query(
        `UPDATE statements AS s SET total_amount = v.total, line_count = v.lines
         FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS v(id, total, lines)
         WHERE s.id = v.id`,
        [slice.map((s) => s.id), slice.map((s) => s.total), slice.map((s) => s.lines)]
      )
    }
    await pg.query('DELETE FROM statements WHERE import_batch_id = $1 AND line_count = 0', [
      this.batchId,
    ])
    await pg.query(this.raw.nested ? 'RELEASE SAVEPOINT import_pg' : 'COMMIT')
    this.#started = false
  }
}

/**
 * A single-table writer (contribution reports): SQLite prepared inserts in 50k-row / 1 s
 * transactions, PostgreSQL COPY per 50k rows.
 */
export class TableWriter {
  #rows: (string | number | null)[][] = []
  #open = false
  #pending = 0
  #openedAt = 0
  #insert: SqliteStatement | null = null

  constructor(
    private raw: RawConnection,
    private table: string,
    private columns: string[]
  ) {
    if (raw.sqlite) {
      this.#insert = raw.sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
      )
    }
  }

  async write(rows: (string | number | null)[][]) {
    if (this.raw.sqlite) {
      const sqlite = this.raw.sqlite
      if (!this.#open) {
        sqlite.exec(this.raw.nested ? 'SAVEPOINT import_table' : 'BEGIN')
        this.#open = true
        this.#openedAt = Date.now()
      }
      for (const row of rows) this.#insert!.run(...row)
      this.#pending += rows.length
      if (this.#pending >= SQLITE_COMMIT_ROWS || Date.now() - this.#openedAt > 1000) this.#commit()
      return
    }
    for (const row of rows) this.#rows.push(row)
    if (this.#rows.length >= PG_FLUSH_ROWS) await this.#flush()
  }

  #commit() {
    if (!this.#open) return
    this.raw.sqlite!.exec(this.raw.nested ? 'RELEASE import_table' : 'COMMIT')
    this.#open = false
    this.#pending = 0
  }

  async #flush() {
    const rows = this.#rows
    this.#rows = []
    if (!rows.length) return
    await pgChunk(this.raw, () =>
      copyInto(
        this.raw.pg!,
        `COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`,
        rows.map((row) => row.map(copyValue).join('\t') + '\n').join('')
      )
    )
  }

  async finish() {
    if (this.raw.sqlite) this.#commit()
    else await this.#flush()
  }

  abort() {
    this.#rows = []
    if (this.#open) {
      this.raw.sqlite!.exec(
        this.raw.nested ? 'ROLLBACK TO import_table; RELEASE import_table' : 'ROLLBACK'
      )
      this.#open = false
    }
  }
}
