/*
| The import benchmark's baseline (commands/import_bench.ts starts it as a child process, like
| the import runner, while the same web server is serving the same member page): the file
| decoded with a streaming TextDecoder, parsed by a minimal CSV splitter of its own, and written
| through ONE streaming COPY (PostgreSQL) or one prepared INSERT in one transaction (SQLite)
| into `bench_baseline_lines` (statement_lines' columns and index). No checks and none of the
| import's code: what the driver's fastest path costs for these rows. Prints one JSON line:
| {"seconds", "peakRssMb", "rows"}.
|
| node bin/bench_baseline.js FILE   (DB_CONNECTION=pg + DB_* or SQLITE_FILE, as the app reads them)
*/
import { createReadStream } from 'node:fs'
import { once } from 'node:events'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const file = process.argv[2]
const COLUMNS =
  'statement_id, line_number, line_date, category, item_name, quantity, unit_price, amount, tax_rate, source_line'

/** Splits one CSV line (quotes with "" escapes; the generated file has no line break inside). */
function splitLine(line) {
  const fields = []
  let i = 0
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let value = ''
      let j = i + 1
      while (j < line.length) {
        const quote = line.indexOf('"', j)
        if (quote === -1) throw new Error('unclosed quote')
        value += line.slice(j, quote)
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"'
          j = quote + 2
        } else {
          j = quote + 1
          break
        }
      }
      fields.push(value)
      i = j + 1
    } else {
      const comma = line.indexOf(',', i)
      const end = comma === -1 ? line.length : comma
      fields.push(line.slice(i, end))
      i = end + 1
    }
  }
  return fields
}

/** Rows of the file, chunk by chunk: [statement_id, line_number, date, ..., source_line]. */
async function* rows(path) {
  const decoder = new TextDecoder('shift_jis')
  let rest = ''
  let line = 0
  const out = []
  const take = (text) => {
    line++
    if (line === 1 || !text) return // the header
    const f = splitLine(text.endsWith('\r') ? text.slice(0, -1) : text)
    out.push([
      Number(f[1]),
      line - 1,
      f[2].replaceAll('/', '-'),
      f[3],
      f[4],
      Number(f[5]),
      Number(f[6].replaceAll(',', '')),
      Number(f[7].replaceAll(',', '')),
      Number(f[8]),
      line,
    ])
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const text = rest + decoder.decode(chunk, { stream: true })
    let start = 0
    let newline
    while ((newline = text.indexOf('\n', start)) !== -1) {
      take(text.slice(start, newline))
      start = newline + 1
    }
    rest = text.slice(start)
    if (out.length) yield out.splice(0)
  }
  take(rest + decoder.decode())
  if (out.length) yield out.splice(0)
}

function copyValue(value) {
  if (typeof value === 'number') return String(value)
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value
}

async function sqlite() {
  const Database = require('better-sqlite3')
  const db = new Database(process.env.SQLITE_FILE)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  const insert = db.prepare(
    `INSERT INTO bench_baseline_lines (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  let n = 0
  db.exec('BEGIN')
  for await (const batch of rows(file)) {
    for (const row of batch) insert.run(...row)
    n += batch.length
  }
  db.exec('COMMIT')
  db.close()
  return n
}

async function pg() {
  const { default: pgModule } = await import('pg')
  const { from: copyFrom } = require('pg-copy-streams')
  const client = new pgModule.Client({
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD,
    database: process.env.DB_DATABASE,
  })
  await client.connect()
  let n = 0
  await client.query('BEGIN')
  const copy = client.query(copyFrom(`COPY bench_baseline_lines (${COLUMNS}) FROM STDIN`))
  const done = new Promise((resolve, reject) => {
    copy.on('error', reject)
    copy.on('finish', resolve)
  })
  for await (const batch of rows(file)) {
    let text = ''
    for (const row of batch) text += row.map(copyValue).join('\t') + '\n'
    n += batch.length
    if (!copy.write(text)) await Promise.race([once(copy, 'drain'), done])
  }
  copy.end()
  await done
  await client.query('COMMIT')
  await client.end()
  return n
}

const started = performance.now()
const count = process.env.DB_CONNECTION === 'pg' ? await pg() : await sqlite()
const seconds = (performance.now() - started) / 1000
const peakRssMb = process.resourceUsage().maxRSS / 1024
console.log(JSON.stringify({ seconds, peakRssMb, rows: count }))
