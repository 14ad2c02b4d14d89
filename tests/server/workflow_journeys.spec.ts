import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import { todayInJapan } from '#domain/common/clock'
import { startRealServer, type HttpResponse, type RealServer } from '#tests/helpers/real_server'
import { loginMember, loginStaff, route } from '#tests/helpers/real_server_logins'

/*
| The workflows of issue 9's real-server suite, as people do them over HTTP against the
| product as deployed: log-in registration, an affiliation request and its approval, an
| inquiry and its reply, and two staff deciding one request at the same moment.
*/
const DEMO_INITIAL_PASSWORD = 'K7P2M9QX'

function flashOf(answer: HttpResponse) {
  return answer.page<{ flash: { success: string | null; error: string | null } }>().props.flash
}

/** A registered, active member of the demo data with no pending affiliation request. */
async function memberWithoutPendingRequest(server: RealServer) {
  const [row] = await server.sql<{ id: number; email: string; affiliation_id: number }>(
    `SELECT m.id, a.email, m.affiliation_id FROM members m
       JOIN member_accounts a ON a.member_id = m.id
      WHERE a.registration_state = 'registered' AND a.email LIKE 'member%'
        AND m.withdrawal_accepted_on IS NULL AND m.refund_on IS NULL AND m.category = 'active'
        AND m.affiliation_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM affiliation_change_requests r
                         WHERE r.member_id = m.id AND r.status = 'pending')
      ORDER BY m.member_number LIMIT 1`
  )
  return row
}

test.group('Workflow journeys on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('registration: guide letter → e-mail and password → mailed link → 登録完了', async ({
    assert,
  }) => {
    const visitor = server.client()
    await visitor.get(route('public.register.show'))
    const verified = await visitor.postForm(route('public.register.verify'), {
      memberNumber: '1000002',
      initialPassword: DEMO_INITIAL_PASSWORD,
    })
    if (verified.location !== route('public.register.account')) {
      assert.fail(`refused: ${JSON.stringify(flashOf(await visitor.follow(verified)))}`)
    }
    await visitor.get(route('public.register.account'))
    const sentAt = new Date().toISOString().slice(0, 19)
    const stored = await visitor.postForm(route('public.register.store_account'), {
      email: 'taro.sato@example.jp',
      password: 'Sato-Taro-Touroku-2026',
      password_confirmation: 'Sato-Taro-Touroku-2026',
    })
    assert.equal(stored.location, route('public.register.sent'))

    const confirm = await server.waitForMail(
      (mail) =>
        mail.to.includes('taro.sato@example.jp') &&
        mail.subject.includes('ログイン登録の確認') &&
        mail.sentAt >= sentAt
    )
    const link = (confirm.text ?? '').match(/https?:\/\/\S+\/register\/confirm\/\S+/)?.[0]
    assert.exists(link, 'the mail carries the confirmation link')
    assert.isTrue(link!.startsWith(server.url), `the link points at this server (${link})`)
    const done = await visitor.get(new URL(link!).pathname)
    assert.equal(done.status, 200)
    assert.equal(done.page().component, 'public/register/complete')
    assert.include(done.text, 'ログイン登録が完了しました')
    await server.waitForMail(
      (mail) => mail.to.includes('taro.sato@example.jp') && mail.subject.includes('登録完了')
    )
    const [account] = await server.sql(
      `SELECT a.registration_state FROM member_accounts a JOIN members m ON m.id = a.member_id
        WHERE m.member_number = ?`,
      ['1000002']
    )
    assert.equal(account.registration_state, 'registered')

    const member = server.client()
    await loginMember(server, member, 'taro.sato@example.jp', 'Sato-Taro-Touroku-2026')
    const home = await member.get(route('member.home'))
    assert.equal(home.status, 200)
  }).timeout(60_000)

  test('affiliation request by a member, approved by a clerk: the member sees it and is mailed', async ({
    assert,
  }) => {
    const who = await memberWithoutPendingRequest(server)
    assert.exists(who, 'the demo data has such a member')
    const [target] = await server.sql<{ id: number; name: string }>(
      'SELECT id, name FROM affiliations WHERE id <> ? AND is_active = ? ORDER BY id LIMIT 1',
      [who.affiliation_id, '1']
    )
    const member = server.client()
    await loginMember(server, member, who.email)
    await member.get(route('member.affiliation_requests.index'))
    const submitted = await member.postForm(route('member.affiliation_requests.store'), {
      affiliationId: String(target.id),
      effectiveOn: todayInJapan().plus({ months: 1 }).toISODate()!,
      reason: '人事異動のため',
    })
    assert.equal(submitted.location, route('member.affiliation_requests.index'))
    const pendingPage = await member.follow(submitted)
    assert.include(flashOf(pendingPage).success, '所属変更申請を受け付けました')
    assert.include(pendingPage.text, '申請中')

    const [request] = await server.sql<{ id: number }>(
      `SELECT id FROM affiliation_change_requests WHERE member_id = ? AND status = 'pending'`,
      [who.id]
    )
    const clerk = server.client()
    await loginStaff(clerk, 'clerk')
    await clerk.get(route('staff.affiliation_requests.show', { id: request.id }))
    const approved = await clerk.postForm(
      route('staff.affiliation_requests.approve', { id: request.id }),
      { affiliationId: String(target.id) }
    )
    assert.equal(approved.status, 302)
    const decided = await clerk.follow(approved)
    assert.equal(flashOf(decided).success, '承認しました。組合員にメールでお知らせしました。')

    const mail = await server.waitForMail(
      (candidate) =>
        candidate.to.includes(who.email) && candidate.subject.includes('所属変更申請を承認しました')
    )
    assert.include(mail.text ?? '', target.name)
    const seen = await member.get(route('member.affiliation_requests.index'))
    assert.include(seen.text, '承認')
    assert.include(seen.text, `現在の所属：<strong>${target.name}</strong>`)
  }).timeout(60_000)

  test('inquiry by a member, reply by staff: the member reads it and is mailed', async ({
    assert,
  }) => {
    const member = server.client()
    await loginMember(server, member, 'hanako@example.jp')
    await member.get(route('member.inquiries.new'))
    const sent = await member.postForm(route('member.inquiries.store'), {
      category: 'statement',
      body: '先月の請求明細に同じ品名が2行あります。確認をお願いします。',
    })
    assert.equal(sent.status, 302)
    const inquiryId = Number(sent.location?.split('/').at(-1))
    assert.equal(sent.location, route('member.inquiries.show', { id: inquiryId }))

    // Inquiries are the operators' desk (clerks are refused them).
    const operator = server.client()
    await loginStaff(operator, 'operator')
    const thread = await operator.get(route('staff.inquiries.show', { id: inquiryId }))
    assert.include(thread.text, '同じ品名が2行あります')
    const reply = '確認しました。2回ご注文いただいた分で、重複ではありません。'
    const replied = await operator.postForm(route('staff.inquiries.reply', { id: inquiryId }), {
      body: reply,
    })
    assert.equal(replied.location, route('staff.inquiries.show', { id: inquiryId }))

    await server.waitForMail(
      (mail) =>
        mail.to.includes('hanako@example.jp') && mail.subject.includes('お問い合わせに回答しました')
    )
    const read = await member.get(route('member.inquiries.show', { id: inquiryId }))
    assert.equal(read.status, 200)
    assert.include(read.text, reply)
  }).timeout(60_000)

  test('two staff decide the same request at once: one decision, one mail, a clear refusal', async ({
    assert,
  }) => {
    const clerk = server.client()
    await loginStaff(clerk, 'clerk')
    const admin = server.client()
    await loginStaff(admin, 'admin')
    const pending = await server.sql<{
      id: number
      member_id: number
      requested_affiliation_id: number | null
    }>(
      `SELECT r.id, r.member_id, r.requested_affiliation_id FROM affiliation_change_requests r
         JOIN member_accounts a ON a.member_id = r.member_id
        WHERE r.status = 'pending' AND a.registration_state = 'registered' ORDER BY r.id`
    )
    assert.isAtLeast(pending.length, 3, 'the demo data has pending requests to race on')
    const [fallback] = await server.sql<{ id: number }>(
      'SELECT id FROM affiliations WHERE is_active = ? ORDER BY id LIMIT 1',
      ['1']
    )

    for (const request of pending) {
      const [account] = await server.sql<{ email: string }>(
        'SELECT email FROM member_accounts WHERE member_id = ?',
        [request.member_id]
      )
      const mailsToMember = async () => {
        const mails = await server.mails()
        return mails.filter((mail) => mail.to.includes(account.email))
      }
      const mailsBefore = await mailsToMember()
      await clerk.get(route('staff.affiliation_requests.show', { id: request.id }))
      await admin.get(route('staff.affiliation_requests.show', { id: request.id }))
      const [approve, reject] = await Promise.all([
        clerk.postForm(route('staff.affiliation_requests.approve', { id: request.id }), {
          affiliationId: String(request.requested_affiliation_id ?? fallback.id),
        }),
        admin.postForm(route('staff.affiliation_requests.reject', { id: request.id }), {
          reason: '異動日の確認が取れないため',
        }),
      ])
      assert.equal(approve.status, 302, `approve of ${request.id}: ${approve.status}`)
      assert.equal(reject.status, 302, `reject of ${request.id}: ${reject.status}`)
      const flashes = [flashOf(await clerk.follow(approve)), flashOf(await admin.follow(reject))]
      const won = flashes.filter((flash) => flash.success)
      const refused = flashes.filter((flash) => flash.error)
      assert.lengthOf(won, 1, JSON.stringify(flashes))
      assert.lengthOf(refused, 1, JSON.stringify(flashes))
      assert.equal(refused[0].error, 'この申請はすでに処理済みです。最新の状態を確認してください。')

      const [row] = await server.sql<{ status: string }>(
        'SELECT status FROM affiliation_change_requests WHERE id = ?',
        [request.id]
      )
      assert.equal(row.status, won[0].success!.startsWith('承認') ? 'approved' : 'rejected')
      const audits = await server.sql(
        `SELECT id FROM audit_logs WHERE action IN (?, ?) AND member_id = ? AND details_json LIKE ?`,
        [
          'staff.affiliation_request.approve',
          'staff.affiliation_request.reject',
          request.member_id,
          `%"requestId":${request.id}%`,
        ]
      )
      assert.lengthOf(audits, 1, 'one decision audited')
      await server.waitForMail(
        (mail) => mail.to.includes(account.email) && mail.subject.includes('所属変更申請')
      )
      await sleep(300)
      const mailsAfter = await mailsToMember()
      assert.equal(mailsAfter.length - mailsBefore.length, 1, 'one mail to the member')
    }
    assert.notMatch(server.output(), /"status":500|statusCode":500|E_/, 'no 500 in the log')
  }).timeout(90_000)
})

test.group('Phone desk on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('an operator reveals the initial password after the identity check: no-store, audited, never logged', async ({
    assert,
  }) => {
    const [taro] = await server.sql<{ id: number }>(
      'SELECT id FROM members WHERE member_number = ?',
      ['1000002']
    )
    const operator = server.client()
    await loginStaff(operator, 'operator')
    await operator.get(route('staff.phone_desk.show', { id: taro.id }))

    const tooEarly = await operator.postForm(
      route('staff.phone_desk.initial_password', { id: taro.id }),
      { reason: 'lost_letter' }
    )
    assert.equal(tooEarly.status, 302, 'no reveal before the identity check')
    assert.notInclude(tooEarly.text, DEMO_INITIAL_PASSWORD)

    await operator.get(route('staff.phone_desk.show', { id: taro.id }))
    const checked = await operator.postForm(route('staff.phone_desk.verify', { id: taro.id }), {
      memberNumber: '1000002',
      name: 'サトウ タロウ',
      birthDate: '1992-11-03',
      phone: '0776-22-1234',
    })
    assert.equal(checked.status, 302)
    const desk = await operator.follow(checked)
    assert.equal(flashOf(desk).success, '本人確認ができました。操作を選んでください。')

    const revealed = await operator.postForm(
      route('staff.phone_desk.initial_password', { id: taro.id }),
      { reason: 'lost_letter' }
    )
    assert.equal(revealed.status, 200, server.output())
    assert.include(String(revealed.headers['cache-control']), 'no-store')
    assert.include(revealed.text.replace(/[^0-9A-Z]/g, ''), DEMO_INITIAL_PASSWORD)

    const audits = await server.sql(
      'SELECT outcome, details_json FROM audit_logs WHERE action = ? AND member_id = ?',
      ['staff.phone_desk.reveal_initial_password', taro.id]
    )
    assert.lengthOf(audits, 1)
    assert.equal(audits[0].outcome, 'success')
    assert.notInclude(String(audits[0].details_json), DEMO_INITIAL_PASSWORD)
    const log = await server.waitForOutput('phone desk: initial password shown')
    assert.notInclude(log, DEMO_INITIAL_PASSWORD, 'the value never reaches the log')
  }).timeout(60_000)
})
