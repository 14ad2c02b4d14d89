import { createHash, randomUUID } from 'node:crypto'
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import ImportRowError from '#models/import_row_error'
import type ImportBatch from '#models/import_batch'
import type { ImportKind } from '#models/import_batch'
import { MemberFactory } from '#database/factories/member_factory'
import { createBatch } from '#imports/run/lifecycle'
import { ensureImportsDirectory, importsDirectory } from '#imports/run/stored_files'
import { validateBatch } from '#imports/run/validate'
import type { EncodingChoice } from '#imports/decode'

export function fixturePath(name: string) {
  return app.makePath('tests/fixtures/imports', name)
}

/** The members the corpus files refer to. */
export async function corpusMembers() {
  return Promise.all(
    ['2000001', '2000002'].map((memberNumber) => MemberFactory.merge({ memberNumber }).create())
  )
}

/** Stores a file as an upload would and creates its batch (status 'uploaded'). */
export async function uploadFile(
  source: { fixture: string } | { content: Buffer | string; name: string },
  options: { period?: string | null; encoding?: EncodingChoice; kind?: ImportKind } = {}
): Promise<ImportBatch> {
  await ensureImportsDirectory()
  const storedFileName = `${randomUUID()}.csv`
  const target = join(importsDirectory(), storedFileName)
  if ('fixture' in source) await copyFile(fixturePath(source.fixture), target)
  else await writeFile(target, source.content)
  const bytes = await readFile(target)
  return createBatch({
    kind: options.kind ?? 'statements',
    period: options.period === undefined ? '2026-10' : options.period,
    originalFileName: 'fixture' in source ? source.fixture : source.name,
    storedFileName,
    fileSize: bytes.length,
    fileSha256: createHash('sha256').update(bytes).digest('hex'),
    encodingChoice: options.encoding ?? 'auto',
    staffId: null,
  })
}

export async function validateFixture(
  fixture: string,
  options: { period?: string; encoding?: EncodingChoice } = {}
) {
  const batch = await uploadFile({ fixture }, options)
  await validateBatch(batch.id)
  await batch.refresh()
  return { batch, errors: await rowErrors(batch.id) }
}

export async function rowErrors(batchId: number): Promise<[number, string][]> {
  const errors = await ImportRowError.query()
    .where('import_batch_id', batchId)
    .orderBy('line_number')
    .orderBy('id')
  return errors.map((e) => [e.lineNumber, e.message])
}

export async function statementRowCounts() {
  const statements = await db.from('statements').count('* as total').first()
  const lines = await db.from('statement_lines').count('* as total').first()
  const months = await db.from('billing_months').count('* as total').first()
  return {
    statements: Number(statements.total),
    lines: Number(lines.total),
    months: Number(months.total),
  }
}

export async function countOf(query: any): Promise<number> {
  const row = await query.count('* as n').first()
  return Number(row?.n ?? 0)
}
