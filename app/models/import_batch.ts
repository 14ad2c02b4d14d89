import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import StaffUser from '#models/staff_user'
import ImportRowError from '#models/import_row_error'

export type ImportKind = 'statements' | 'contribution_reports' | 'members'
export type ImportStatus =
  | 'uploaded'
  | 'validating'
  | 'invalid'
  | 'validated'
  | 'committing'
  | 'committed'
  | 'failed'
  | 'rolled_back'

export default class ImportBatch extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare kind: ImportKind

  @column()
  declare period: string | null

  @column()
  declare status: ImportStatus

  @column()
  declare originalFileName: string

  @column()
  declare storedFileName: string | null

  @column({ columnName: 'file_sha256' })
  declare fileSha256: string | null

  @column()
  declare fileSize: number

  @column()
  declare encoding: string | null

  @column()
  declare rowCount: number

  @column()
  declare errorCount: number

  @column()
  declare memberCount: number

  @column()
  declare totalAmount: number

  @column()
  declare summaryJson: string | null

  @column()
  declare progressDone: number

  @column()
  declare progressTotal: number

  @column()
  declare failureMessage: string | null

  @column()
  declare createdByStaffId: number | null

  /** The batch members saw for this period before this one was committed. */
  @column()
  declare replacedBatchId: number | null

  /** 'auto' | 'utf-8' | 'shift_jis' as chosen at upload; `encoding` is what was used. */
  @column()
  declare encodingChoice: string | null

  @column()
  declare workerHost: string | null

  @column()
  declare workerPid: number | null

  /** Epoch ms of the runner's last sign of life. */
  @column()
  declare heartbeatMs: number | null

  @column.dateTime()
  declare validatedAt: DateTime | null

  @column.dateTime()
  declare committedAt: DateTime | null

  @column.dateTime()
  declare rolledBackAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => StaffUser, { foreignKey: 'createdByStaffId' })
  declare createdBy: BelongsTo<typeof StaffUser>

  @hasMany(() => ImportRowError)
  declare rowErrors: HasMany<typeof ImportRowError>
}
