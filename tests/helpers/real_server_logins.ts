/*
| Log-ins against a real server, the way a person does them: the form, then
| (members, new browser) the six-digit code from the mailed 「ログイン認証コード」.
*/
import { route } from '#tests/helpers/routes'
import type { HttpClient, HttpResponse, RealServer } from '#tests/helpers/real_server'

export { route }

export const DEMO_MEMBER_PASSWORD = 'mypage-demo-2026'
export const DEMO_STAFF_PASSWORD = 'staff-demo-2026'

export async function loginMember(
  server: RealServer,
  client: HttpClient,
  email: string,
  password = DEMO_MEMBER_PASSWORD
): Promise<HttpResponse> {
  await client.get(route('public.login.show'))
  // The code mail is sent by the outbox after the answer: wait for one that was not there
  // before (an earlier log-in's code, from the same second, would be superseded).
  const mailsBefore = await server.mails()
  const earlier = new Set(mailsBefore.map((mail) => mail.id))
  let answer = await client.postForm(route('public.login.store'), { email, password })
  if (answer.location === route('public.login.code')) {
    const mail = await server.waitForMail(
      (candidate) =>
        !earlier.has(candidate.id) &&
        candidate.to.some((to) => to.includes(email)) &&
        candidate.subject.includes('ログイン認証コード')
    )
    const code = (mail.text ?? '').match(/\b(\d{6})\b/)?.[1]
    if (!code) throw new Error(`No six-digit code in the mail: ${mail.text}`)
    await client.get(route('public.login.code'))
    answer = await client.postForm(route('public.login.code.store'), { code })
  }
  // A refused code answers with the code page again: that is no log-in either.
  if (
    answer.status !== 302 ||
    answer.location === route('public.login.show') ||
    answer.location === route('public.login.code')
  ) {
    throw new Error(`Member log-in of ${email} failed: ${answer.status} ${answer.location}`)
  }
  return answer
}

export async function loginStaff(
  client: HttpClient,
  loginId: string,
  password = DEMO_STAFF_PASSWORD
): Promise<HttpResponse> {
  await client.get(route('staff.login.show'))
  const answer = await client.postForm(route('staff.login.store'), { loginId, password })
  if (answer.status !== 302 || answer.location === route('staff.login.show')) {
    throw new Error(`Staff log-in of ${loginId} failed: ${answer.status} ${answer.location}`)
  }
  return answer
}

/** A member log-in with a wrong password (it must be answered with a redirect, not an error). */
export async function wrongMemberPassword(
  client: HttpClient,
  email: string,
  headers?: Record<string, string>
) {
  await client.get(route('public.login.show'), { headers })
  const answer = await client.postForm(
    route('public.login.store'),
    { email, password: 'wrong-password-2026' },
    { headers }
  )
  if (answer.status !== 302) throw new Error(`The log-in answered ${answer.status}`)
  return answer
}

/** The access log's member log-in attempts for one log-in id, oldest first. */
export async function memberLoginAttempts(server: RealServer, email: string) {
  const rows = await server.sql<{ ip: string; details_json: string }>(
    "SELECT ip, details_json FROM audit_logs WHERE action = 'member.login' AND details_json LIKE ? ORDER BY id",
    [`%${email}%`]
  )
  return rows.map((row) => ({
    ip: row.ip,
    reason: (JSON.parse(row.details_json).reason ?? 'success') as string,
  }))
}
