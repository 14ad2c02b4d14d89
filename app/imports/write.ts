import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { Database as SqliteDatabase, Statement as SqliteStatement } from 'better-sqlite3'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { ImportedDebit, StatementRow } from '#imports/kinds/statements'
import { DuplicateLineFilter } from '#imports/duplicate_filter'

/**
 * Writers: the driver's fastest path (STACK.md "Performance facts"), never Lucid models row by
 * row. SQLite: better-sqlite3 prepared statements in large transactions. PostgreSQL: COPY.
 *
 * Rows go in under the new batch id, in transactions of tens of thousands of rows, so
 * progress can be reported between them; members cannot see any of it until the billing
 * month's pointer moves to the batch (one update, see run/commit.ts). A process killed half-way
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
  /** The member's debit details (checked equal on every line by the schema), or null. */
  debit: ImportedDebit | null
}

/** A later line of the file that repeats an earlier one exactly. */
export interface DuplicateLine {
  line: number
  first: number
}

export interface DuplicateReport {
  /** Later lines that repeat an earlier line exactly: the exact count. */
  count: number
  /** The first `limit` of them, by line. */
  lines: DuplicateLine[]
  /** What those later lines added to the file's totals, by category and tax rate. */
  added: { category: string; taxRate: number; rows: number; amount: number }[]
}

/**
 * The duplicate key of a statement line: same member (statement), date, category, item,
 * quantity, unit price, amount and tax rate. Compared exactly by the database (=, no hash).
 */
const DUPLICATE_KEY =
  'statement_id, line_date, category, item_name, quantity, unit_price, amount, tax_rate'

/**
 * Exact duplicates among a batch's staged lines, in SQL (memory in the runner does not grow
 * with the file). `scope` restricts statement_lines to the batch (a WHERE clause with its
 * parameters). A valid file costs one GROUP BY ... HAVING COUNT(*) > 1 LIMIT 1; only a file
 * that has duplicates runs the window query that names each later line's first line.
 */
async function findDuplicates(
  query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  scope: { where: string; params: unknown[] },
  limit: number
): Promise<DuplicateReport> {
  const none: DuplicateReport = { count: 0, lines: [], added: [] }
  const any = await query(
    `SELECT 1 AS found FROM statement_lines WHERE ${scope.where}
     GROUP BY ${DUPLICATE_KEY} HAVING COUNT(*) > 1 LIMIT 1`,
    scope.params
  )
  if (!any.length) return none
  const later = `WITH d AS (
      SELECT source_line, category, tax_rate, amount,
             MIN(source_line) OVER (PARTITION BY ${DUPLICATE_KEY}) AS first_line
      FROM statement_lines WHERE ${scope.where}
    )`
  const added = await query(
    `${later} SELECT category, tax_rate, COUNT(*) AS n, SUM(amount) AS amount
     FROM d WHERE source_line > first_line GROUP BY category, tax_rate`,
    scope.params
  )
  const lines = await query(
    `${later} SELECT source_line, first_line FROM d WHERE source_line > first_line
     ORDER BY source_line LIMIT ${Math.max(0, Math.floor(limit))}`,
    scope.params
  )
  return {
    count: added.reduce((sum, row) => sum + Number(row.n), 0),
    lines: lines.map((row) => ({ line: Number(row.source_line), first: Number(row.first_line) })),
    added: added.map((row) => ({
      category: String(row.category),
      taxRate: Number(row.tax_rate),
      rows: Number(row.n),
      amount: Number(row.amount),
    })),
  }
}

/** The staged lines equal to a candidate in every part of the duplicate key, and earlier. */
const SAME_KEY_EARLIER = DUPLICATE_KEY.split(', ')
  .map((column) => `s.${column} = s0.${column}`)
  .concat('s.source_line < s0.source_line')
  .join(' AND ')

/**
 * The exact check of the filter's candidates (DuplicateLineFilter): each candidate line (by
 * statement id and line number, the statement_lines index) against the earlier lines of its
 * own statement, compared exactly by the database as the GROUP BY compares them. One row per
 * candidate that does repeat an earlier line, with that first line.
 */
function candidateCheckSql(candidate: string, groupBy: string) {
  return `SELECT s0.source_line, s0.category, s0.tax_rate, s0.amount, MIN(s.source_line) AS first_line
    FROM ${candidate}
    JOIN statement_lines s ON ${SAME_KEY_EARLIER}
    ${groupBy}`
}

/** The report from the candidates that repeat an earlier line (first `limit` by line). */
function candidateReport(found: Record<string, unknown>[], limit: number): DuplicateReport {
  const later = found
    .filter((row) => row.first_line !== null && row.first_line !== undefined)
    .map((row) => ({
      line: Number(row.source_line),
      first: Number(row.first_line),
      category: String(row.category),
      taxRate: Number(row.tax_rate),
      amount: Number(row.amount),
    }))
  later.sort((x, y) => x.line - y.line)
  const added = new Map<string, DuplicateReport['added'][number]>()
  for (const row of later) {
    const key = `${row.taxRate}\t${row.category}`
    const entry = added.get(key)
    if (entry) {
      entry.rows++
      entry.amount += row.amount
    } else {
      added.set(key, { category: row.category, taxRate: row.taxRate, rows: 1, amount: row.amount })
    }
  }
  return {
    count: later.length,
    lines: later
      .slice(0, Math.max(0, Math.floor(limit)))
      .map((row) => ({ line: row.line, first: row.first })),
    added: [...added.values()],
  }
}

/** Writes one batch's statements and lines. Memory: one entry per member, one chunk of rows. */
export abstract class StatementWriter {
  protected statements = new Map<number, MemberStatement>()
  /** Which staged lines may repeat an earlier one (fixed memory; see duplicate_filter.ts). */
  protected filter = new DuplicateLineFilter()

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
  /**
   * After the last write: the exact duplicate lines among what was staged (first `limit`
   * by line). Then finish() (no errors) or abort().
   */
  abstract duplicates(limit: number): Promise<DuplicateReport>
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
  /** SQLITE_LINES_PER_INSERT lines per INSERT: one call into the driver per 50 lines. */
  #insertLines: SqliteStatement
  /** The parameters of the lines not inserted yet (reused). */
  #values: (string | number)[] = []
  #db: SqliteDatabase

  constructor(raw: RawConnection, batchId: number, billingMonth: string) {
    super(raw, batchId, billingMonth)
    this.#db = raw.sqlite!
    this.#insertStatement = this.#db.prepare(
      `INSERT INTO statements (import_batch_id, member_id, billing_month, total_amount, line_count, ${DEBIT_COLUMNS})
       VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, ?)`
    )
    this.#insertLine = this.#db.prepare(
      `INSERT INTO statement_lines (${LINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.#insertLines = this.#db.prepare(
      `INSERT INTO statement_lines (${LINE_COLUMNS}) VALUES ${Array.from(
        { length: SQLITE_LINES_PER_INSERT },
        () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
      ).join(', ')}`
    )
  }

  /** Rowids of the first and last line written: the batch's lines lie between them. */
  #firstLineId = 0
  #lastLineId = 0
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

  /** Notes the rowids of `count` lines just inserted by one statement (consecutive). */
  #inserted(info: { lastInsertRowid: number | bigint }, count: number) {
    this.#lastLineId = Number(info.lastInsertRowid)
    if (!this.#firstLineId) this.#firstLineId = this.#lastLineId - count + 1
  }

  async write(rows: StatementRow[]) {
    this.#begin()
    const values = this.#values
    values.length = 0
    let buffered = 0
    for (const row of rows) {
      let statement = this.statements.get(row.memberId)
      if (!statement) {
        const debit = row.debit
        const info = this.#insertStatement.run(
          this.batchId,
          row.memberId,
          this.billingMonth,
          debit?.date ?? null,
          debit?.bankName ?? null,
          debit?.branchName ?? null,
          debit?.accountType ?? null,
          debit?.accountLast4 ?? null
        )
        statement = { id: Number(info.lastInsertRowid), lines: 0, total: 0, debit }
        this.statements.set(row.memberId, statement)
      }
      statement.lines++
      statement.total += row.amount
      this.filter.add(statement.id, statement.lines, row)
      values.push(
        statement.id,
        statement.lines,
        row.lineDate,
        row.category,
        row.itemName,
        row.quantity,
        row.unitPrice,
        row.amount,
        row.taxRate,
        row.line
      )
      if (++buffered === SQLITE_LINES_PER_INSERT) {
        this.#inserted(this.#insertLines.run(values), buffered)
        values.length = 0
        buffered = 0
      }
    }
    // The rest of the chunk one by one: nothing stays buffered between two writes.
    for (let i = 0; i < buffered; i++) {
      this.#inserted(this.#insertLine.run(values.slice(i * 10, i * 10 + 10)), 1)
    }
    values.length = 0
    this.#pending += rows.length
    // Large transactions are fast; committing at least every second also makes progress and
    // the heartbeat (written on this connection) visible, and keeps member reads' WAL short.
    if (this.#pending >= SQLITE_COMMIT_ROWS || Date.now() - this.#openedAt > 1000) this.#commit()
  }

  async duplicates(limit: number) {
    this.#commit()
    if (!this.#firstLineId) return { count: 0, lines: [], added: [] }
    if (!this.filter.overflowed) {
      const check = this.#db.prepare(
        candidateCheckSql(
          'statement_lines s0',
          'WHERE s0.statement_id = ? AND s0.line_number = ? GROUP BY s0.id'
        )
      )
      const found: Record<string, unknown>[] = []
      const { candidateStatements, candidateLines } = this.filter
      for (const [i, line] of candidateLines.entries()) {
        const row = check.get(candidateStatements[i], line)
        if (row) found.push(row as Record<string, unknown>)
      }
      return candidateReport(found, limit)
    }
    // A rowid range scan over the batch's own lines (another month's import may have written
    // between two chunks: the statement filter drops those; `+` keeps SQLite off the
    // statement_id index, whose row lookups would be random).
    return findDuplicates(
      async (sql, params) => this.#db.prepare(sql).all(...params) as Record<string, unknown>[],
      {
        where:
          'id BETWEEN ? AND ? AND +statement_id IN (SELECT id FROM statements WHERE import_batch_id = ?)',
        params: [this.#firstLineId, this.#lastLineId, this.batchId],
      },
      limit
    )
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
/**
 * Lines per multi-row INSERT on SQLite (500 parameters, under SQLite's 32,766). better-sqlite3,
 * 1,000,000 lines with statement_lines' index: 5.1-5.2 s one row per call, 3.8 s 50 per call.
 */
const SQLITE_LINES_PER_INSERT = 50
/** The statement's debit columns, from the member's lines (same on every line). */
const DEBIT_COLUMNS =
  'debit_date, debit_bank_name, debit_branch_name, debit_account_type, debit_account_last4'
const LINE_COLUMNS =
  'statement_id, line_number, line_date, category, item_name, quantity, unit_price, amount, tax_rate, source_line'
const PG_VALUES_PER_INSERT = 5_000
/** Bytes of COPY data buffered (off the V8 heap) before the statement writer waits. */
const PG_COPY_BUFFER_BYTES = 1024 * 1024

/**
 * PostgreSQL: one transaction, one streaming COPY for all the lines (parsing and the server's
 * work overlap; memory stays at one read chunk). A statement id is reserved
 * from the sequence for every member first (one SELECT), so each line knows its statement id;
 * the statements themselves are inserted once their totals are known, only for the members
 * that have lines (no UPDATE of every statement, no DELETE of the unused ones). Nothing is
 * visible to anyone until the transaction commits, and a killed process simply rolls it back.
 */
class PgStatementWriter extends StatementWriter {
  #ids = new Map<number, number>()
  #copy: ReturnType<typeof copyFrom> | null = null
  #copyDone: Promise<void> | null = null
  #started = false
  #statementsWritten = false

  async #start() {
    this.#started = true
    const pg = this.raw.pg!
    await pg.query(this.raw.nested ? 'SAVEPOINT import_pg' : 'BEGIN')
    const result = await pg.query(
      `SELECT id AS member_id, nextval(pg_get_serial_sequence('statements', 'id')) AS id
       FROM members`
    )
    for (const row of result.rows) this.#ids.set(Number(row.member_id), Number(row.id))
    this.#copy = pg.query(
      copyFrom(
        'COPY statement_lines (statement_id, line_number, line_date, category, item_name, quantity, unit_price, amount, tax_rate, source_line) FROM STDIN',
        // Parsing goes on while the server takes the lines: the runner waits only once this
        // much is waiting to be sent (the default 16 KiB made it wait for every chunk).
        { highWaterMark: PG_COPY_BUFFER_BYTES }
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
        statement = { id: this.#ids.get(row.memberId)!, lines: 0, total: 0, debit: row.debit }
        this.statements.set(row.memberId, statement)
      }
      statement.lines++
      statement.total += row.amount
      this.filter.add(statement.id, statement.lines, row)
      text += `${statement.id}\t${statement.lines}\t${row.lineDate}\t${copyValue(row.category)}\t${copyValue(row.itemName)}\t${row.quantity}\t${row.unitPrice}\t${row.amount}\t${row.taxRate}\t${row.line}\n`
    }
    const copy = this.#copy!
    if (text && !copy.write(text)) {
      await Promise.race([new Promise((resolve) => copy.once('drain', resolve)), this.#copyDone])
    }
  }

  /** Ends the COPY and inserts the statements of the members that have lines. */
  async #endLines() {
    if (!this.#started) await this.#start()
    if (this.#copy) {
      this.#copy.end()
      await this.#copyDone
      this.#copy = null
    }
    if (this.#statementsWritten) return
    this.#statementsWritten = true
    const pg = this.raw.pg!
    const members = [...this.statements.keys()]
    // Files without the debit columns send no debit arrays at all (the columns stay null).
    let withDebit = false
    for (const statement of this.statements.values()) {
      if (statement.debit) {
        withDebit = true
        break
      }
    }
    for (let start = 0; start < members.length; start += PG_VALUES_PER_INSERT) {
      const slice = members.slice(start, start + PG_VALUES_PER_INSERT)
      const statements = slice.map((member) => this.statements.get(member)!)
      const params: unknown[] = [
        statements.map((s) => s.id),
        slice,
        statements.map((s) => s.total),
        this.batchId,
        this.billingMonth,
        statements.map((s) => s.lines),
      ]
      if (!withDebit) {
        await pg.query(
          `INSERT INTO statements (id, import_batch_id, member_id, billing_month, total_amount, line_count)
           SELECT v.id, $4, v.member_id, $5, v.total, v.lines
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $6::int[]) AS v(id, member_id, total, lines)`,
          params
        )
        continue
      }
      const debit = (pick: (d: ImportedDebit) => string | null) =>
        statements.map((s) => (s.debit ? pick(s.debit) : null))
      params.push(
        debit((d) => d.date),
        debit((d) => d.bankName),
        debit((d) => d.branchName),
        debit((d) => d.accountType),
        debit((d) => d.accountLast4)
      )
      await pg.query(
        `INSERT INTO statements (id, import_batch_id, member_id, billing_month, total_amount, line_count, ${DEBIT_COLUMNS})
         SELECT v.id, $4, v.member_id, $5, v.total, v.lines, v.debit_date, v.bank, v.branch, v.type, v.last4
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $6::int[],
                     $7::date[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS v(id, member_id, total, lines, debit_date, bank, branch, type, last4)`,
        params
      )
    }
  }

  async duplicates(limit: number) {
    await this.#endLines()
    if (!this.statements.size) return { count: 0, lines: [], added: [] }
    if (!this.filter.overflowed) {
      if (!this.filter.candidateLines.length) return { count: 0, lines: [], added: [] }
      const result = await this.raw.pg!.query(
        candidateCheckSql(
          `unnest($1::bigint[], $2::int[]) AS c(statement_id, line_number)
           JOIN statement_lines s0
             ON s0.statement_id = c.statement_id AND s0.line_number = c.line_number`,
          'GROUP BY s0.id'
        ),
        [this.filter.candidateStatements, this.filter.candidateLines]
      )
      return candidateReport(result.rows, limit)
    }
    let low = Infinity
    let high = -Infinity
    for (const statement of this.statements.values()) {
      if (statement.id < low) low = statement.id
      if (statement.id > high) high = statement.id
    }
    const pg = this.raw.pg!
    return findDuplicates(
      async (sql, params) => {
        let n = 0
        const text = sql.replace(/\?/g, () => `$${++n}`)
        const result = await pg.query(text, params)
        return result.rows
      },
      {
        // The batch's statement ids were reserved together: an index range on statement_id.
        where:
          'statement_id BETWEEN ? AND ? AND statement_id IN (SELECT id FROM statements WHERE import_batch_id = ?)',
        params: [low, high, this.batchId],
      },
      limit
    )
  }

  async finish() {
    await this.#endLines()
    await this.raw.pg!.query(this.raw.nested ? 'RELEASE SAVEPOINT import_pg' : 'COMMIT')
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
