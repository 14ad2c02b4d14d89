import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import Inquiry from '#models/inquiry'
import InquiryMessage from '#models/inquiry_message'
import { MemberFactory } from '#database/factories/member_factory'
import { fake } from '#database/factories/japanese_fake'

/**
 * Sample inquiry categories and messages. The category column holds a short
 * code; adjust here if the inquiry form settles on other codes.
 */
export const INQUIRY_SAMPLES = [
  {
    category: 'statement',
    subject: '請求明細の金額について',
    body: '10月分の請求明細に、注文した覚えのない商品が載っています。確認をお願いできますか。',
  },
  {
    category: 'contribution',
    subject: '出資金の増口について',
    body: '出資金を5口増やしたいのですが、手続きの方法を教えてください。',
  },
  {
    category: 'profile',
    subject: '住所変更の反映について',
    body: '先月引っ越しをして住所を変更しました。カタログの送付先にも反映されていますか。',
  },
  {
    category: 'login',
    subject: 'スマートフォンでログインできません',
    body: '機種変更をしてからログインすると認証コードのメールが届きません。どうすればよいでしょうか。',
  },
  {
    category: 'other',
    subject: 'ギフトカタログの申込期限',
    body: '冬のギフトカタログの申込期限はいつまででしょうか。',
  },
] as const

/**
 * Member inquiries (連絡・お問い合わせ): open by default. Add the thread with
 * `.with('messages', 1)` (member messages) or InquiryMessageFactory.
 * States: `answered`, `closed`.
 */
export const InquiryMessageFactory = factory
  .define(InquiryMessage, () => ({
    authorType: 'member' as const,
    staffUserId: null,
    body: fake.pick(INQUIRY_SAMPLES).body,
  }))
  .state('staff', (row) => {
    row.authorType = 'staff'
    row.body = 'お問い合わせいただきありがとうございます。確認のうえ、改めてご連絡いたします。'
  })
  .build()

export const InquiryFactory = factory
  .define(Inquiry, () => {
    const sample = fake.pick(INQUIRY_SAMPLES)
    return {
      category: sample.category,
      subject: sample.subject,
      status: 'open' as const,
      assignedStaffId: null,
      lastMessageAt: DateTime.utc().startOf('second'),
    }
  })
  .state('answered', (row) => {
    row.status = 'answered'
  })
  .state('closed', (row) => {
    row.status = 'closed'
  })
  .relation('member', () => MemberFactory)
  .relation('messages', () => InquiryMessageFactory)
  .build()
