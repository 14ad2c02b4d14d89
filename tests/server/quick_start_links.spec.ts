import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { loginStaff, route } from '#tests/helpers/real_server_logins'
import { pdfText } from '#tests/helpers/pdf'

/*
| Issue 9, defect 13 a: without APP_URL (the quick start: `PORT=4000 npm start`) the links in
| mails and on the guide letter must point at the port the portal listens on, never at a
| fixed http://localhost:3333 and never a bare path.
*/
test.group('Links follow PORT when APP_URL is not set', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer({ env: { APP_URL: '' } })
    return async () => {
      await server.stop()
    }
  })

  test('the re-issued guide letter carries the registration URL on this port', async ({
    assert,
  }) => {
    // The desk re-issues the initial password and hands out the new letter.
    const [caller] = await server.sql<{ id: number; birth_date: string; phone: string }>(
      "select id, birth_date, phone from members where member_number = '1000002'"
    )
    const operator = server.client()
    await loginStaff(operator, 'operator')
    await operator.get(route('staff.phone_desk.show', { id: caller.id }))
    await operator.postForm(route('staff.phone_desk.verify', { id: caller.id }), {
      memberNumber: '1000002',
      birthDate: String(caller.birth_date).slice(0, 10),
      phone: caller.phone,
    })
    await operator.get(route('staff.phone_desk.show', { id: caller.id }))
    const reissued = await operator.postForm(route('staff.phone_desk.reissue', { id: caller.id }), {
      reason: 'lost_letter',
    })
    assert.equal(reissued.status, 200)
    assert.include(String(reissued.headers['content-type']), 'pdf', reissued.text.slice(0, 300))
    const extracted = await pdfText(reissued.body)
    const text = extracted.replace(/\s+/g, '')
    assert.include(text, `http://localhost:${server.port}/register`)
    assert.notInclude(text, 'localhost:3333')
  })

  test('the "inquiry answered" mail links to this port', async ({ assert }) => {
    const [open] = await server.sql<{ id: number }>(
      "select id from inquiries where status = 'open' order by id limit 1"
    )
    assert.exists(open, 'the demo data has an open inquiry')
    const operator = server.client()
    await loginStaff(operator, 'operator')
    await operator.get(route('staff.inquiries.show', { id: open.id }))
    const sentAt = new Date().toISOString().slice(0, 19)
    const reply = await operator.postForm(route('staff.inquiries.reply', { id: open.id }), {
      body: 'お問い合わせありがとうございます。確認いたしました。',
    })
    assert.equal(reply.status, 302)
    const mail = await server.waitForMail(
      (candidate) => candidate.subject.includes('お問い合わせに回答') && candidate.sentAt >= sentAt
    )
    assert.include(mail.text ?? '', `http://localhost:${server.port}/mypage/inquiries/${open.id}`)
  })
})
