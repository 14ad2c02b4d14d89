import type { ImportKind } from '#models/import_batch'
import type { KindPipeline } from '#imports/pipeline'
import { ImportRefusedError } from '#imports/run/errors'
import { statementsPipeline } from '#imports/kinds/statements_pipeline'
import { contributionReportsPipeline } from '#imports/kinds/contribution_reports_pipeline'
import { membersPipeline } from '#imports/kinds/members_pipeline'

/** Each kind's validate / stage / publish steps; a kind missing here cannot be imported. */
export const PIPELINES: Partial<Record<ImportKind, KindPipeline>> = {
  statements: statementsPipeline,
  contribution_reports: contributionReportsPipeline,
  members: membersPipeline,
}

export function pipelineFor(kind: ImportKind): KindPipeline {
  const pipeline = PIPELINES[kind]
  if (!pipeline) throw new ImportRefusedError('この種類の取込にはまだ対応していません。')
  return pipeline
}
