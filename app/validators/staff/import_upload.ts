import vine, { errors, SimpleMessagesProvider } from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import type { ImportKind } from '#models/import_batch'
import type { EncodingChoice } from '#imports/decode'
import { parseMonth, parseYear } from '#imports/fields'
import { PIPELINES } from '#imports/run/pipelines'

/** Uploads are streamed to disk on their route only, up to this size. */
export const IMPORT_UPLOAD_LIMIT_MB = 200
export const IMPORT_UPLOAD_LIMIT = `${IMPORT_UPLOAD_LIMIT_MB}mb`

export const UPLOAD_NOT_RECEIVED_MESSAGE = `ファイルを受け取れませんでした。${IMPORT_UPLOAD_LIMIT_MB}MB以下のCSVファイルを選んでください。`

/**
 * The upload form's period: '2026-10', '2026/10', '２０２６年１０月' -> '2026-10' for statements;
 * '2025' / '2025年度' for contribution reports; none for the member master.
 */
export function normalisePeriod(kind: string, value: string): string | null {
  if (kind === 'statements') return parseMonth(value)
  if (kind === 'contribution_reports') {
    const year = parseYear(value)
    return year === null ? null : String(year)
  }
  return null
}

/** A period the form's kind needs and cannot read is refused, named after what it should be. */
const periodRule = vine.createRule((value, _options, field) => {
  const kind = String(field.parent?.kind ?? '')
  if (normalisePeriod(kind, String(value)) !== null) return
  if (kind === 'statements') field.report('', 'billingMonth', field)
  if (kind === 'contribution_reports') field.report('', 'fiscalYear', field)
})

const KINDS = Object.keys(PIPELINES) as ImportKind[]
const ENCODINGS: EncodingChoice[] = ['auto', 'utf-8', 'shift_jis']

/**
 * The upload's fields and the file as streamed to disk (its name, size and SHA-256; absent when
 * the form had no file). The form is multipart and processed by hand on its route (the file is
 * hashed on its way to disk), so the controller hands the fields over itself.
 */
export const importUploadValidator = vine.compile(
  vine.object({
    kind: vine.enum(KINDS),
    period: vine
      .string()
      .use(periodRule())
      .transform((value, field) => normalisePeriod(String(field.parent.kind), value)),
    encoding: vine.enum(ENCODINGS),
    file: vine.object({ name: vine.string(), size: vine.number(), sha256: vine.string() }),
  })
)

const KIND_MESSAGE = '取込の種類を選んでください。'
const ENCODING_MESSAGE = '文字コードを選び直してください。'
importUploadValidator.messagesProvider = new SimpleMessagesProvider({
  'kind.required': KIND_MESSAGE,
  'kind.enum': KIND_MESSAGE,
  'period.billingMonth': '請求明細は請求月を 2026-10 のように入力してください。',
  'period.fiscalYear': '出資報告は年度を 2025 のように入力してください。',
  'encoding.required': ENCODING_MESSAGE,
  'encoding.enum': ENCODING_MESSAGE,
  'file.required': 'CSVファイルを選んでください。',
})

export type ImportUpload = Infer<typeof importUploadValidator>

/**
 * Validates the upload; a refusal is one message per field, as the form shows them (the
 * controller flashes them itself: the page is redirected to, not re-rendered by the handler).
 */
export async function checkImportUpload(
  input: Record<string, unknown>
): Promise<{ ok: true; upload: ImportUpload } | { ok: false; errors: Record<string, string> }> {
  try {
    return { ok: true, upload: await importUploadValidator.validate(input) }
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    const fieldErrors: Record<string, string> = {}
    for (const { field, message } of error.messages as { field: string; message: string }[]) {
      fieldErrors[field] ??= message
    }
    return { ok: false, errors: fieldErrors }
  }
}
