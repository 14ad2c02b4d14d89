import type { PipelineContext } from '#imports/pipeline'
import { scanFile, type KindSchema, type ScanResult } from '#imports/rows'
import { TableWriter, withRawConnection } from '#imports/write'

/**
 * The validation pass of a kind whose valid rows go into one staging table (contribution
 * reports, the member master): every row checked, `count` called for each valid one (preview
 * totals), and the rows staged through the driver's fast path until the first row error —
 * a file with an error is never committable, so nothing more is written and the open chunk
 * is rolled back.
 */
export async function scanIntoTable<Row>(
  ctx: PipelineContext,
  options: {
    schema: KindSchema<Row>
    table: string
    columns: string[]
    values: (row: Row) => (string | number | null)[]
    count: (row: Row) => void
  }
): Promise<ScanResult> {
  let errors = 0
  return withRawConnection(ctx.client, async (raw) => {
    const writer = new TableWriter(raw, options.table, options.columns)
    let bytes = 0
    try {
      const result = await scanFile({
        path: ctx.path,
        encoding: ctx.encoding,
        schema: options.schema,
        onBytes: (read) => (bytes = read),
        onError: (error) => {
          errors++
          ctx.onError(error)
        },
        onRows: async (rows) => {
          for (const row of rows) options.count(row)
          if (errors === 0) await writer.write(rows.map(options.values))
          await ctx.progress(bytes, raw)
        },
      })
      if (errors === 0) await writer.finish()
      else writer.abort()
      return result
    } catch (error) {
      writer.abort()
      throw error
    }
  })
}

/** How many rows a single-table kind staged under the batch (the commit checks the count). */
export async function rowsStagedIn(
  table: string,
  batchId: number,
  client: PipelineContext['client']
): Promise<number> {
  const row = await client.from(table).where('import_batch_id', batchId).count('* as n').first()
  return Number(row?.n ?? 0)
}
