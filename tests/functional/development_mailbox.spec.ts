import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { rm } from 'node:fs/promises'
import { MailboxTransport } from '#services/mailbox'

test.group('Development mailbox page', () => {
  test('lists kept mails and shows one with its text part', async ({ client, assert, cleanup }) => {
    const transport = new MailboxTransport(app.tmpPath('mailbox'))
    await transport.send({
      from: 'noreply@kmypage.jp',
      to: ['mailbox-test@example.jp'],
      subject: 'メールボックス確認用',
      text: 'https://example.jp/registration/confirm?token=abc',
      html: '<p>html part</p>',
    })
    cleanup(() => rm(app.tmpPath('mailbox'), { recursive: true, force: true }))

    const list = await client.get('/dev/mailbox')
    list.assertStatus(200)
    assert.include(list.text(), 'メールボックス確認用')
    const id = list.text().match(/href="\/dev\/mailbox\/([\w-]+)"/)![1]

    const message = await client.get(`/dev/mailbox/${id}`)
    message.assertStatus(200)
    assert.include(message.text(), 'https://example.jp/registration/confirm?token=abc')
    assert.include(message.text(), 'mailbox-test@example.jp')
  })
})
