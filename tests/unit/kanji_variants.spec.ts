import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { comparableName, foldKanjiVariants, searchableName } from '#domain/common/japanese_text'
import { refreshSearchNames } from '#domain/members/member_search'
import { MemberFactory } from '#database/factories/member_factory'

/** Issue 9, defect 13 f: 高橋 did not find 髙橋 (異体字 are folded for search like kana). */
test.group('Kanji variants (異体字) in search', () => {
  test('old and variant forms fold to the common form ({0} = {1})')
    .with([
      ['髙橋', '高橋'],
      ['山﨑', '山崎'],
      ['宮嵜', '宮崎'],
      ['德永', '徳永'],
      ['渡邊', '渡辺'],
      ['渡邉', '渡辺'],
      ['齋藤', '斉藤'],
      ['齊藤', '斉藤'],
      ['斎藤', '斉藤'],
      ['濱田', '浜田'],
      ['櫻井', '桜井'],
      ['澤田', '沢田'],
      ['廣瀬', '広瀬'],
      ['國分', '国分'],
      ['嶋田', '島田'],
      ['冨田', '富田'],
    ])
    .run(({ assert }, [variant, common]) => {
      assert.equal(foldKanjiVariants(variant), foldKanjiVariants(common))
      assert.equal(comparableName(variant), comparableName(common))
    })

  test('kana and other kanji are left alone', ({ assert }) => {
    assert.equal(foldKanjiVariants('ヤマダ 花子'), 'ヤマダ 花子')
    assert.equal(searchableName('髙橋 美咲', 'タカハシ ミサキ'), '高橋美咲 タカハシミサキ')
  })
})

test.group('Kanji variants: the stored search column', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('refreshSearchNames fills the folded column for rows written before', async ({ assert }) => {
    const member = await MemberFactory.merge({
      name: '髙橋 美咲',
      nameKana: 'タカハシ ミサキ',
    }).create()
    // What the column held before folding (as rows written by earlier versions do).
    await db
      .from('members')
      .where('id', member.id)
      .update({ search_name: '髙橋美咲 タカハシミサキ' })
    const updated = await refreshSearchNames()
    assert.isAtLeast(updated, 1)
    const row = await db.from('members').where('id', member.id).first()
    assert.equal(row.search_name, '高橋美咲 タカハシミサキ')
    assert.equal(row.name, '髙橋 美咲')
  })
})
