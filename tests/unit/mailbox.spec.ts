import { test } from '@japa/runner'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MailboxTransport, listMailbox, readMailboxMessage } from '#services/mailbox'

test.group('Development mailbox transport', () => {
  test('keeps each mail with its text and HTML parts, newest first', async ({
    assert,
    cleanup,
  }) => {
    const directory = await mkdtemp(join(tmpdir(), 'mailbox-'))
    cleanup(() => rm(directory, { recursive: true, force: true }))
    const transport = new MailboxTransport(directory)
    await transport.send({
      from: { address: 'noreply@kmypage.jp', name: '学校生協 マイページ' },
      to: ['hanako@example.jp'],
      subject: '最初のメール',
      text: '本文',
      html: '<p>本文</p>',
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await transport.send({
      from: 'noreply@kmypage.jp',
      to: ['taro@example.jp'],
      subject: '二通目',
      text: 'x',
    })

    const mails = await listMailbox(directory)
    assert.deepEqual(
      mails.map((mail) => mail.subject),
      ['二通目', '最初のメール']
    )
    const first = await readMailboxMessage(directory, mails[1].id)
    assert.equal(first?.from, '学校生協 マイページ <noreply@kmypage.jp>')
    assert.equal(first?.html, '<p>本文</p>')
    assert.isNull(await readMailboxMessage(directory, '../../etc/passwd'))
  })

  test('a mail being written is never listed half-written', async ({ assert, cleanup }) => {
    // Seen on a real server: the test harness read a mail file while the server was still
    // writing it ("Unexpected end of JSON input"); /dev/mailbox read it the same way.
    const directory = await mkdtemp(join(tmpdir(), 'mailbox-'))
    cleanup(() => rm(directory, { recursive: true, force: true }))
    const transport = new MailboxTransport(directory)
    const big = '<p>' + 'お知らせ本文'.repeat(400_000) + '</p>'
    let writing = true
    const sent = transport
      .send({
        from: 'noreply@kmypage.jp',
        to: ['hanako@example.jp'],
        subject: '大きなメール',
        html: big,
      })
      .finally(() => (writing = false))
    const problems: string[] = []
    while (writing) {
      await listMailbox(directory).catch((error) => problems.push(String(error)))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await sent
    assert.deepEqual(problems, [])
    const [mail] = await listMailbox(directory)
    assert.equal(mail.html, big)
  })
})
