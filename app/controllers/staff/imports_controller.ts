import type { HttpContext } from '@adonisjs/core/http'
import ImportBatch from '#models/import_batch'
import ImportPolicy from '#policies/import_policy'
import { checkImportUpload, UPLOAD_NOT_RECEIVED_MESSAGE } from '#validators/staff/import_upload'
import { receiveUpload } from '#imports/receive_upload'
import { sampleCsv } from '#imports/samples'
import {
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  presentBatchRow,
  presentImportBatch,
  presentImportKinds,
  presentProgress,
  type ImportListProps,
} from '#presenters/staff/import_batch'
import {
  importBatchView,
  importHistoryPage,
  rowErrorsOf,
} from '#domain/imports/import_batch_queries'
import { busyPeriodMessage, startImportBatch } from '#domain/imports/start_import_batch'
import { commitImportBatch } from '#domain/imports/commit_import_batch'
import { COMMIT_REFUSAL_MESSAGES } from '#domain/imports/import_commit_rule'
import { rollBackImportBatch } from '#domain/imports/roll_back_import_batch'
import { sendCsv, encodeCsv } from '#documents/csv'
import { sendDownload } from '#documents/download'
import { originOf } from '#domain/audit/audit_trail'
import { routeUrl } from '#services/named_routes'

function pageOf(ctx: HttpContext): number {
  return Math.max(1, Number(ctx.request.input('page', 1)) || 1)
}

/** The form's fields as typed, to validate and to show again when the upload is refused. */
function uploadFields({ request }: HttpContext): Record<string, string> {
  return {
    kind: String(request.input('kind') ?? ''),
    period: String(request.input('period') ?? ''),
    encoding: String(request.input('encoding') ?? 'auto'),
  }
}

/** Back to the form, with a refusal (one message, or one per field) and what was chosen. */
function backToForm(
  { session, response }: HttpContext,
  refusal: { error: string } | { errorsBag: Record<string, string> },
  old: Record<string, string> = {}
) {
  session.flash(refusal)
  session.flash('old', old)
  return response.redirect().toRoute('staff.imports.index')
}

export default class ImportsController {
  /** History, the upload form and the sample files. */
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(ImportPolicy).authorize('run')
    const batches = await importHistoryPage(pageOf(ctx))
    return ctx.inertia.render('staff/imports/index', {
      batches: batches.all().map(presentBatchRow),
      page: batches.currentPage,
      lastPage: batches.lastPage,
      kinds: presentImportKinds((kind) => routeUrl('staff.imports.sample', { kind })),
    } satisfies ImportListProps)
  }

  /** The upload: streamed to tmp/imports under a server-generated name, hashed on the way. */
  async store(ctx: HttpContext) {
    const { request, response, auth, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    const received = await receiveUpload(request.multipart)
    if (!received) return backToForm(ctx, { error: UPLOAD_NOT_RECEIVED_MESSAGE })
    const old = uploadFields(ctx)
    const checked = await checkImportUpload({ ...old, file: received.file })
    if (!checked.ok) {
      await received.discard()
      return backToForm(ctx, { errorsBag: checked.errors }, old)
    }
    const outcome = await startImportBatch({
      upload: checked.upload,
      storedFileName: received.storedFileName,
      staffId: auth.use('staff').user!.id,
      origin: originOf(ctx),
    })
    if (outcome.status === 'busy') {
      return backToForm(ctx, { error: busyPeriodMessage(outcome.runningBatchId) }, old)
    }
    return response.redirect().toRoute('staff.imports.show', { id: outcome.batch.id })
  }

  /** Progress while running; the preview once validated; the result once committed. */
  async show(ctx: HttpContext) {
    await ctx.bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(ctx.params.id)
    const view = await importBatchView(batch, pageOf(ctx))
    return ctx.inertia.render('staff/imports/show', presentImportBatch(view))
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
    const errors = await rowErrorsOf(batch.id)
    return sendCsv(response, {
      filename: `取込エラー_${batch.id}.csv`,
      encoding: request.input('encoding') === 'sjis' ? 'sjis' : 'utf8',
      header: ['行番号', '列', 'エラー内容', '行の内容'],
      rows: errors.map((e) => [e.lineNumber, e.columnName ?? '', e.message, e.rawLine ?? '']),
    })
  }

  async commit(ctx: HttpContext) {
    const { params, response, session, auth, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    const outcome = await commitImportBatch({
      batch,
      staffId: auth.use('staff').user!.id,
      origin: originOf(ctx),
    })
    if (outcome.status === 'refused')
      session.flash('error', COMMIT_REFUSAL_MESSAGES[outcome.reason])
    return response.redirect().toRoute('staff.imports.show', { id: batch.id })
  }

  async rollback(ctx: HttpContext) {
    const { params, response, session, auth, bouncer } = ctx
    await bouncer.with(ImportPolicy).authorize('run')
    const batch = await ImportBatch.findOrFail(params.id)
    const outcome = await rollBackImportBatch({
      batch,
      staffId: auth.use('staff').user!.id,
      origin: originOf(ctx),
    })
    if (outcome.status === 'refused') session.flash('error', outcome.message)
    else session.flash('success', '取込を取り消しました。組合員には以前の内容が表示されます。')
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
