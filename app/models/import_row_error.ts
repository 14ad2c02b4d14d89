import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class ImportRowError extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare importBatchId: number

  @column()
  declare lineNumber: number

  @column()
  declare columnName: string | null

  @column()
  declare message: string

  @column()
  declare rawLine: string | null
}
