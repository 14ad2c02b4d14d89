import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type ImportBatch from '#models/import_batch'
import { pipelineFor } from '#imports/run/pipelines'

/**
 * Which batch may be rolled back: only the committed batch members see now (its period points
 * at it), never the member master (its changes are applied to the members in place). Members
 * then see the batch it replaced again.
 */
export type RollbackRefusal = 'member_master' | 'not_shown'

export const ROLLBACK_REFUSAL_MESSAGES: Record<RollbackRefusal, string> = {
  member_master: '組合員マスタの取込は取り消せません。',
  not_shown: '取り消せるのは、現在表示されている最新の取込だけです。',
}

/** Why this batch may not be rolled back now, or null when it may. */
export async function rollbackRefusal(
  batch: ImportBatch,
  client: QueryClientContract = db.connection()
): Promise<RollbackRefusal | null> {
  if (batch.kind === 'members') return 'member_master'
  const pipeline = pipelineFor(batch.kind)
  if (batch.status !== 'committed' || !(await pipeline.isActive(batch, client))) return 'not_shown'
  return null
}
