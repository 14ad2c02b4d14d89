/*
| Imports against a real server, as a clerk does them: the upload form of the
| back-office (multipart), the progress JSON the page polls, commit and rollback
| buttons (plain form posts). The runner is the server's own child process.
*/
import { setTimeout as sleep } from 'node:timers/promises'
import { nowInJapan } from '#domain/common/clock'
import type { HttpClient, RealServer } from '#tests/helpers/real_server'
import { route } from '#tests/helpers/real_server_logins'

export const STATEMENTS_HEADER = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率'

/** A billing month of the demo data (hanako 1000001 sees the last twelve): 0 = the latest. */
export function demoMonth(monthsBeforeLatest = 0): string {
  return nowInJapan()
    .startOf('month')
    .minus({ months: 1 + monthsBeforeLatest })
    .toFormat('yyyy-MM')
}

/** A statements file for member 1000001: `rows` lines of `unitPrice` yen each. */
export function statementsCsv(month: string, rows: number, unitPrice: number, itemName = '商品') {
  const [year, mm] = month.split('-')
  const lines = [STATEMENTS_HEADER]
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0')
    lines.push(
      `${year}/${mm},1000001,${year}/${mm}/${day},食品,${itemName}${i},1,${unitPrice},${unitPrice},8`
    )
  }
  return Buffer.from(lines.join('\n') + '\n')
}

/** Uploads through the staff form; resolves with the batch id, or null when refused. */
export async function uploadImport(
  staff: HttpClient,
  fields: { kind: 'statements' | 'members' | 'contribution_reports'; period?: string },
  content: Buffer,
  name: string
): Promise<{ batchId: number | null; location: string | null; status: number }> {
  await staff.get(route('staff.imports.index'))
  const answer = await staff.postMultipart(
    route('staff.imports.store'),
    { ...fields, encoding: 'auto' },
    { file: { name, content, type: 'text/csv' } },
    // The upload route reads its multipart body itself, after CSRF is checked: the page's
    // script sends the token as a header (as Inertia does), not as a form field.
    { headers: { 'x-xsrf-token': staff.xsrfHeader() ?? '' } }
  )
  const id = answer.location?.match(/\/staff\/imports\/(\d+)$/)?.[1]
  return { batchId: id ? Number(id) : null, location: answer.location, status: answer.status }
}

export function uploadStatements(
  staff: HttpClient,
  month: string,
  content: Buffer,
  name = 'statements.csv'
) {
  return uploadImport(staff, { kind: 'statements', period: month }, content, name)
}

export interface ProgressAnswer {
  id: number
  status: string
  statusLabel: string
  running: boolean
  percent: number
}

export async function importProgress(staff: HttpClient, batchId: number): Promise<ProgressAnswer> {
  const answer = await staff.get(route('staff.imports.progress', { id: batchId }), {
    headers: { accept: 'application/json' },
  })
  if (answer.status !== 200) throw new Error(`progress of ${batchId}: ${answer.status}`)
  return answer.json<ProgressAnswer>()
}

/** Polls the progress JSON until the batch is in one of `statuses`. */
export async function waitForImportStatus(
  staff: HttpClient,
  batchId: number,
  statuses: string[],
  timeoutMs = 60_000
): Promise<ProgressAnswer> {
  const deadline = Date.now() + timeoutMs
  let last: ProgressAnswer | undefined
  while (Date.now() < deadline) {
    last = await importProgress(staff, batchId)
    if (statuses.includes(last.status)) return last
    await sleep(200)
  }
  throw new Error(
    `Batch ${batchId} still ${last?.status} after ${timeoutMs} ms (wanted ${statuses.join('/')})`
  )
}

/** The commit button of the batch page. */
export async function commitImport(staff: HttpClient, batchId: number) {
  await staff.get(route('staff.imports.show', { id: batchId }))
  return staff.postForm(route('staff.imports.commit', { id: batchId }), {})
}

/** The rollback button of the batch page. */
export async function rollbackImport(staff: HttpClient, batchId: number) {
  await staff.get(route('staff.imports.show', { id: batchId }))
  return staff.postForm(route('staff.imports.rollback', { id: batchId }), {})
}

/** The batch row as the server stored it (worker pid, heartbeat, status). */
export async function batchRow(server: RealServer, batchId: number) {
  const [row] = await server.sql('SELECT * FROM import_batches WHERE id = ?', [batchId])
  return row
}
