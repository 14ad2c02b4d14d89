import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import Notice from '#models/notice'
import { fake } from '#database/factories/japanese_fake'

const SAMPLE_NOTICES = [
  {
    title: '年末年始の営業日のお知らせ',
    body: '12月29日（月）から1月4日（日）まで、学生協事務所はお休みをいただきます。期間中のお問い合わせは、1月5日（月）以降に順次回答いたします。',
  },
  {
    title: 'マイページのメンテナンスについて',
    body: 'システムメンテナンスのため、日曜日の午前2時から午前5時まで、マイページをご利用いただけません。ご不便をおかけしますが、ご了承ください。',
  },
  {
    title: '冬のギフトカタログ受付開始',
    body: '福井の特産品を集めた冬のギフトカタログの受付を開始しました。お申し込みは各学校の担当者、またはお電話で承ります。',
  },
  {
    title: '出資報告を掲載しました',
    body: '前年度の出資報告をマイページの「出資状況・出資報告」に掲載しました。内容をご確認ください。',
  },
]

/**
 * Notices (お知らせ): published and visible now by default.
 * States: `draft` (not published), `future` (starts in a week), `expired` (ended yesterday).
 */
export const NoticeFactory = factory
  .define(Notice, () => {
    const sample = fake.pick(SAMPLE_NOTICES)
    return {
      title: sample.title,
      body: sample.body,
      isPublished: true,
      publishedFrom: DateTime.utc().minus({ days: 1 }).startOf('second'),
      publishedUntil: null,
      createdByStaffId: null,
    }
  })
  .state('draft', (row) => {
    row.isPublished = false
  })
  .state('future', (row) => {
    row.publishedFrom = DateTime.utc().plus({ days: 7 }).startOf('second')
    row.publishedUntil = null
  })
  .state('expired', (row) => {
    row.publishedFrom = DateTime.utc().minus({ days: 30 }).startOf('second')
    row.publishedUntil = DateTime.utc().minus({ days: 1 }).startOf('second')
  })
  .build()
