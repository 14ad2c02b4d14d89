import type { HttpContext } from '@adonisjs/core/http'
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import ImportBatch, { type ImportKind } from '#models/import_batch'
import ImportRowError from '#models/import_row_error'
import ImportPolicy from '#policies/import_policy'
import { normalisePeriod } from '#validators/staff/import_upload'
import { createBatch, queueCommit, runningBatchFor } from '#imports/run/lifecycle'
import { ensureImportsDirectory, importsDirectory } from '#imports/run/stored_files'
import { ImportRefusedError } from '#imports/run/errors'
import { launchImport } from '#imports/run/spawn'
import { PIPELINES } from '#imports/run/pipelines'
import { rollbackBatch } from '#imports/run/rollback'
import {
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  presentBatchRow,
  presentImportBatch,
  presentProgress,
  type ImportListProps,
} from '#presenters/staff/import_batch'
import { sampleCsv } from '#imports/samples'
import { sendCsv } from '#documents/csv'
import { sendDownload } from '#documents/download'
import { encodeCsv } from '#documents/csv'
import type { EncodingChoice } from '#imports/decode'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { routeUrl } from '#services/named_routes'

/** Who uploaded, committed or rolled back which batch (the import history shows it too). */
async function auditImport(
  ctx: HttpContext,
  action: 'import.upload' | 'import.commit' | 'import.rollback',
  batch: ImportBatch,
  outcome: 'success' | 'failure' = 'success'
) {
  await recordAudit({
    action,
    outcome,
    actorType: 'staff',
    staffUserId: ctx.auth.use('staff').user!.id,
    origin: originOf(ctx),
    details: {
      batchId: batch.id,
      kind: batch.kind,
      period: batch.period,
      sha256: batch.fileSha256,
    },
  })
}

/** Uploads are streamed to disk on this route only, up to this size. */
export const IMPORT_UPLOAD_LIMIT = '200mb'
const HISTORY_PER_PAGE = 30

export const UPLOAD_NOT_RECEIVED_MESSAGE =
  'ファイルを受け取れませんでした。200MB以下のCSVファイルを選んでください。'

export default class ImportsController {
  /** History, the upload form and the sample files. */
  async index({ inertia, request, bouncer }: HttpContext) {
    await bouncer.with(ImportPolicy).authorize('run')
    const page = Math.max(1, Number(request.input('page', 1)) || 1)
    const batches = await ImportBatch.query()
      .preload('createdBy')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .paginate(page, HISTORY_PER_PAGE)
    return inertia.render('staff/imports/index', {
      batches: batches.all().map(presentBatchRow),
      page: batches.currentPage,
      lastPage: batches.lastPage,
      kinds: IMPORT_KINDS.map(({ kind, columns }) => ({
        kind,
        label: IMPORT_KIND_LABELS[kind],
        sampleUrl: routeUrl('staff.imports.sample', { kind }),
        columns: columns.map((c) => ({
          label: c.label,
          aliases: c.aliases,
          required: c.required,
          note: c.note,
        })),
      })),
    } satisfies ImportListProps)
  }

  /** The upload: streamed to tmp/imports under a server-generated name, hashed on the way. */
  async store(ctx: HttpContext) {
    const { request, response, session, auth, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    await ensureImportsDirectory()
    const storedFileName = `${randomUUID()}.csv`
    const target = join(importsDirectory(), storedFileName)
    let received: { name: string; size: number; sha256: string } | null = null
    const refuse = async (message: string, old: Record<string, string> = {}) => {
      await rm(target, { force: true })
      session.flash('error', message)
      session.flash('old', old)
      return response.redirect().toRoute('staff.imports.index')
    }
    // A body that is not multipart (a script, a broken client) has no parts to stream.
    if (!request.multipart) return refuse(UPLOAD_NOT_RECEIVED_MESSAGE)

    request.multipart.onFile('file', {}, async (part, reporter) => {
      const hash = createHash('sha256')
      let size = 0
      const tap = new Transform({
        transform(chunk, _encoding, callback) {
          hash.update(chunk)
          size += chunk.length
          reporter(chunk)
          callback(null, chunk)
        },
      })
      await pipeline(part, tap, createWriteStream(target))
      received = { name: part.file.clientName, size, sha256: hash.digest('hex') }
      return { filePath: target }
    })

    try {
      await request.multipart.process({ limit: IMPORT_UPLOAD_LIMIT })
    } catch {
      return refuse(UPLOAD_NOT_RECEIVED_MESSAGE)
    }

    const kind = String(request.input('kind') ?? '')
    const rawPeriod = String(request.input('period') ?? '')
    const encoding = String(request.input('encoding') ?? 'auto')
    const old = { kind, period: rawPeriod, encoding }
    const errors: Record<string, string> = {}
    if (!(kind in PIPELINES)) errors.kind = '取込の種類を選んでください。'
    const period = normalisePeriod(kind, rawPeriod)
    if (kind === 'statements' && !period) {
      errors.period = '請求明細は請求月を 2026-10 のように入力してください。'
    }
    if (kind === 'contribution_reports' && !period) {
      errors.period = '出資報告は年度を 2025 のように入力してください。'
    }
    if (!['auto', 'utf-8', 'shift_jis'].includes(encoding)) {
      errors.encoding = '文字コードを選び直してください。'
    }
    const file = received as { name: string; size: number; sha256: string } | null
    if (!file) errors.file = 'CSVファイルを選んでください。'
    if (Object.keys(errors).length) {
      await rm(target, { force: true })
      session.flash('errorsBag', errors)
      session.flash('old', old)
      return response.redirect().toRoute('staff.imports.index')
    }

    const running = await runningBatchFor(kind as ImportKind, period)
    if (running) {
      return refuse(
        `同じ対象の取込（No.${running.id}）が実行中です。終わってからもう一度アップロードしてください。`,
        old
      )
    }

    const batch = await createBatch({
      kind: kind as ImportKind,
      period,
      originalFileName: file!.name || 'upload.csv',
      storedFileName,
      fileSize: file!.size,
      fileSha256: file!.sha256,
      encodingChoice: encoding as EncodingChoice,
      staffId: auth.use('staff').user!.id,
    })
    await auditImport(ctx, 'import.upload', batch)
    await launchImport(batch, 'validate')
    return response.redirect().toRoute('staff.imports.show', { id: batch.id })
  }

  /** Progress while running; the preview once validated; the result once committed. */
  async show({ inertia, params, request, bouncer }: HttpContext) {
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    const page = Math.max(1, Number(request.input('page', 1)) || 1)
    const kindPipeline = PIPELINES[batch.kind]
    const canRollback =
      batch.status === 'committed' &&
      batch.kind !== 'members' &&
      !!kindPipeline &&
      (await kindPipeline.isActive(batch, ImportBatch.query().client))
    return inertia.render('staff/imports/show', await presentImportBatch(batch, page, canRollback))
  }

  /** What the progress bar polls. */
  async progress({ params, response, bouncer }: HttpContext) {
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    return response.json(presentProgress(batch))
  }

  /** Every stored row error, as a CSV (UTF-8 with BOM, or Shift_JIS with ?encoding=sjis). */
  async errors({ params, request, response, bouncer }: HttpContext) {
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    const errors = await ImportRowError.query()
      .where('import_batch_id', batch.id)
      .orderBy('line_number')
      .orderBy('id')
    return sendCsv(response, {
      filename: `取込エラー_${batch.id}.csv`,
      encoding: request.input('encoding') === 'sjis' ? 'sjis' : 'utf8',
      header: ['行番号', '列', 'エラー内容', '行の内容'],
      rows: errors.map((e) => [e.lineNumber, e.columnName ?? '', e.message, e.rawLine ?? '']),
    })
  }

  async commit(ctx: HttpContext) {
    const { params, response, session, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    if (batch.errorCount > 0 || batch.status === 'invalid') {
      session.flash(
        'error',
        'エラーが残っているため反映できません。ファイルを直してから取り込み直してください。'
      )
      return response.redirect().toRoute('staff.imports.show', { id: batch.id })
    }
    if (!(await queueCommit(batch))) {
      session.flash('error', 'この取込は反映できる状態ではありません。')
      return response.redirect().toRoute('staff.imports.show', { id: batch.id })
    }
    await batch.refresh()
    await auditImport(ctx, 'import.commit', batch)
    await launchImport(batch, 'commit')
    return response.redirect().toRoute('staff.imports.show', { id: batch.id })
  }

  async rollback(ctx: HttpContext) {
    const { params, response, session, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    try {
      await rollbackBatch(batch.id)
      await auditImport(ctx, 'import.rollback', batch)
      session.flash('success', '取込を取り消しました。組合員には以前の内容が表示されます。')
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error
      await auditImport(ctx, 'import.rollback', batch, 'failure')
      session.flash('error', error.message)
    }
    return response.redirect().toRoute('staff.imports.show', { id: batch.id })
  }

  /** A sample file per kind: the accepted headers and example rows. */
  async sample({ params, response, bouncer }: HttpContext) {
    await bouncer.with(ImportPolicy).authorize('run')
    const kind = IMPORT_KINDS.find((k) => k.kind === params.kind)
    if (!kind) return response.notFound('見本ファイルが見つかりません。')
    return sendDownload(response, {
      filename: `見本_${IMPORT_KIND_LABELS[kind.kind]}.csv`,
      contentType: 'text/csv; charset=UTF-8',
      bytes: encodeCsv(sampleCsv(kind.kind), 'utf8'),
    })
  }
}
