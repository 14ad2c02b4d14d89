import { BaseSchema } from '@adonisjs/lucid/schema'
import { refreshSearchNames } from '#domain/members/member_search'

/**
 * members.search_name now folds kanji variants (異体字: 髙→高, 齋→斉, 邊→辺 ...; see
 * app/domain/japanese_text.ts) so that 高橋 finds 髙橋. Rows written before hold the unfolded
 * value: refill them. The displayed name is untouched; down() leaves the folded values,
 * which earlier code reads just as well (it only matches fewer spellings).
 */
export default class extends BaseSchema {
  async up() {
    // The migration's own client: on SQLite a query outside its transaction would deadlock.
    this.defer(async (client) => {
      await refreshSearchNames(client)
    })
  }

  async down() {}
}
