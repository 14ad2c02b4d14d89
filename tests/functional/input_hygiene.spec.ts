import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { InquiryFactory, InquiryMessageFactory } from '#database/factories/inquiry_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { AffiliationChangeRequestFactory } from '#database/factories/affiliation_change_request_factory'
import { issueLinkToken } from '#domain/auth/one_time_tokens'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { route } from '#tests/helpers/routes'

/**
 * Defect 3 of issue 9: a NUL byte answered 500 on PostgreSQL (and was stored by SQLite), a lone
 * surrogate in a JSON body answered 500 on both. Every text input of every area refuses control
 * characters and invalid UTF-16 next to the field, with the same answer on both databases, and
 * nothing is written.
 */
const MESSAGE =
  '使用できない文字（制御文字など）が含まれています。その文字を削除して、もう一度入力してください。'

/** Tables a refused request must leave as they were. */
const WRITTEN_TABLES = [
  'audit_logs',
  'inquiries',
  'inquiry_messages',
  'affiliation_change_requests',
  'notices',
  'profile_changes',
  'one_time_tokens',
  'member_devices',
  'staff_users',
  'members',
  'member_accounts',
]

async function snapshot() {
  const counts: Record<string, number> = {}
  for (const table of WRITTEN_TABLES) {
    const row = await db.from(table).count('* as n').first()
    counts[table] = Number(row.n)
  }
  const accounts = await db
    .from('member_accounts')
    .select('id', 'email', 'pending_email', 'password', 'failed_login_count')
    .orderBy('id')
  const members = await db.from('members').select('id', 'name', 'address').orderBy('id')
  const requests = await db
    .from('affiliation_change_requests')
    .select('id', 'status', 'decision_note')
    .orderBy('id')
  return { counts, accounts, members, requests }
}

async function registeredMember() {
  const affiliation = await AffiliationFactory.create()
  const member = await MemberFactory.merge({ affiliationId: affiliation.id })
    .with('account', 1, (account) => account.apply('registered'))
    .create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  return { member, account, affiliation }
}

interface Prepared {
  method: 'get' | 'post'
  url: string
  /** The session the request needs (a log-in, a registration step). */
  as?: (request: ApiRequest) => ApiRequest
  /** The submitted fields, the tested one holding `value`. */
  fields: (value: string) => Record<string, string>
}
interface Route {
  name: string
  field: string
  /** Textareas keep tab, CR and LF. */
  multiline?: boolean
  /** A GET filter: the value travels in the query string. */
  query?: boolean
  /** Creates what the route needs (before the "nothing written" snapshot). */
  prepare: () => Promise<Prepared>
}

const ROUTES: Route[] = [
  {
    name: 'member log-in',
    field: 'email',
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('public.login.store'),
        fields: (value) => ({ email: account.email! + value, password: 'x'.repeat(12) }),
      }
    },
  },
  {
    name: 'member log-in (password)',
    field: 'password',
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('public.login.store'),
        fields: (value) => ({ email: account.email!, password: value }),
      }
    },
  },
  {
    name: 'staff log-in',
    field: 'loginId',
    prepare: async () => {
      const staff = await StaffUserFactory.create()
      return {
        method: 'post',
        url: route('staff.login.store'),
        fields: (value) => ({ loginId: staff.loginId + value, password: 'staff-demo-2026' }),
      }
    },
  },
  {
    name: 'registration step 1 (guide letter)',
    field: 'memberNumber',
    prepare: async () => {
      const member = await MemberFactory.with('account', 1, (account) =>
        account.apply('unregistered')
      ).create()
      return {
        method: 'post',
        url: route('public.register.verify'),
        fields: (value) => ({
          memberNumber: member.memberNumber + value,
          initialPassword: 'K7P2M9QX',
        }),
      }
    },
  },
  {
    name: 'registration step 2 (e-mail)',
    field: 'email',
    prepare: async () => {
      const member = await MemberFactory.with('account', 1, (account) =>
        account.apply('unregistered')
      ).create()
      const account = await MemberAccount.findByOrFail('member_id', member.id)
      return {
        method: 'post',
        url: route('public.register.store_account'),
        as: (request) =>
          request.withSession({
            registration_account_id: account.id,
            registration_verified_at: Date.now(),
          }),
        fields: (value) => ({
          email: `new${value}@example.jp`,
          password: 'correct horse battery',
          password_confirmation: 'correct horse battery',
        }),
      }
    },
  },
  {
    name: 'password reset request',
    field: 'memberNumber',
    prepare: async () => {
      const { member, account } = await registeredMember()
      return {
        method: 'post',
        url: route('public.password.request'),
        fields: (value) => ({
          memberNumber: member.memberNumber + value,
          email: account.email!,
          birthDate: member.birthDate.toFormat('yyyyMMdd'),
        }),
      }
    },
  },
  {
    name: 'new password after reset',
    field: 'password',
    prepare: async () => {
      const { account } = await registeredMember()
      const token = await issueLinkToken(account.id, 'password_reset')
      return {
        method: 'post',
        url: route('public.password.update', { token }),
        fields: (value) => ({
          password: `correct horse ${value} battery`,
          password_confirmation: `correct horse ${value} battery`,
        }),
      }
    },
  },
  {
    name: 'profile name',
    field: 'name',
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('member.profile.name'),
        as: (request) => asMember(request, account),
        fields: (value) => ({ name: `山田${value}花子`, nameKana: 'ヤマダ ハナコ' }),
      }
    },
  },
  {
    name: 'profile address',
    field: 'addressLine',
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('member.profile.address'),
        as: (request) => asMember(request, account),
        fields: (value) => ({
          postalCode: '910-0001',
          prefecture: '福井県',
          addressLine: `福井市${value}大手3丁目`,
        }),
      }
    },
  },
  {
    name: 'e-mail change',
    field: 'email',
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('member.email.update'),
        as: (request) => asMember(request, account),
        fields: (value) => ({ email: `next${value}@example.jp` }),
      }
    },
  },
  {
    name: 'new inquiry',
    field: 'body',
    multiline: true,
    prepare: async () => {
      const { account } = await registeredMember()
      return {
        method: 'post',
        url: route('member.inquiries.store'),
        as: (request) => asMember(request, account),
        fields: (value) => ({ category: 'statement', body: `請求について${value}教えてください` }),
      }
    },
  },
  {
    name: 'member message in an inquiry thread',
    field: 'body',
    multiline: true,
    prepare: async () => {
      const { member, account } = await registeredMember()
      const inquiry = await InquiryFactory.merge({ memberId: member.id }).create()
      return {
        method: 'post',
        url: route('member.inquiries.messages.store', { id: inquiry.id }),
        as: (request) => asMember(request, account),
        fields: (value) => ({ body: `追加の質問${value}です` }),
      }
    },
  },
  {
    name: 'affiliation request reason',
    field: 'reason',
    multiline: true,
    prepare: async () => {
      const { account } = await registeredMember()
      const to = await AffiliationFactory.create()
      return {
        method: 'post',
        url: route('member.affiliation_requests.store'),
        as: (request) => asMember(request, account),
        fields: (value) => ({
          affiliationId: String(to.id),
          effectiveOn: '2027-04-01',
          reason: `人事異動${value}のため`,
        }),
      }
    },
  },
  {
    name: 'staff reply to an inquiry',
    field: 'body',
    multiline: true,
    prepare: async () => {
      const { member } = await registeredMember()
      const inquiry = await InquiryFactory.merge({ memberId: member.id }).create()
      await InquiryMessageFactory.merge({ inquiryId: inquiry.id, body: '質問です' }).create()
      const operator = await StaffUserFactory.apply('operator').create()
      return {
        method: 'post',
        url: route('staff.inquiries.reply', { id: inquiry.id }),
        as: (request) => asStaff(request, operator),
        fields: (value) => ({ body: `ご連絡${value}ありがとうございます` }),
      }
    },
  },
  {
    name: 'affiliation request reject reason',
    field: 'reason',
    multiline: true,
    prepare: async () => {
      const { member, affiliation } = await registeredMember()
      const to = await AffiliationFactory.create()
      const request = await AffiliationChangeRequestFactory.merge({
        memberId: member.id,
        fromAffiliationId: affiliation.id,
        requestedAffiliationId: to.id,
      }).create()
      const clerk = await StaffUserFactory.apply('clerk').create()
      return {
        method: 'post',
        url: route('staff.affiliation_requests.reject', { id: request.id }),
        as: (r) => asStaff(r, clerk),
        fields: (value) => ({ reason: `異動日${value}が確認できません` }),
      }
    },
  },
  {
    name: 'notice title',
    field: 'title',
    prepare: async () => {
      const admin = await StaffUserFactory.apply('admin').create()
      return {
        method: 'post',
        url: route('staff.notices.store'),
        as: (request) => asStaff(request, admin),
        fields: (value) => ({
          title: `年末年始${value}のお知らせ`,
          body: 'お知らせの本文です。',
          publishedFrom: '2026-12-01T09:00',
        }),
      }
    },
  },
  {
    name: 'phone desk: what the caller states',
    field: 'name',
    prepare: async () => {
      const { member } = await registeredMember()
      const operator = await StaffUserFactory.apply('operator').create()
      return {
        method: 'post',
        url: route('staff.phone_desk.verify', { id: member.id }),
        as: (request) => asStaff(request, operator),
        fields: (value) => ({ memberNumber: member.memberNumber, name: member.name + value }),
      }
    },
  },
  {
    name: 'staff account name',
    field: 'name',
    prepare: async () => {
      const admin = await StaffUserFactory.apply('admin').create()
      return {
        method: 'post',
        url: route('staff.accounts.store'),
        as: (request) => asStaff(request, admin),
        fields: (value) => ({ loginId: 'newclerk', name: `事務${value}次郎`, role: 'clerk' }),
      }
    },
  },
  {
    name: 'staff member search (query string)',
    query: true,
    field: 'q',
    prepare: async () => {
      await registeredMember()
      const operator = await StaffUserFactory.apply('operator').create()
      return {
        method: 'get',
        url: route('staff.members.index'),
        as: (request) => asStaff(request, operator),
        fields: (value) => ({ q: `山田${value}` }),
      }
    },
  },
  {
    name: 'phone desk search (query string)',
    query: true,
    field: 'q',
    prepare: async () => {
      await registeredMember()
      const operator = await StaffUserFactory.apply('operator').create()
      return {
        method: 'get',
        url: route('staff.phone_desk.index'),
        as: (request) => asStaff(request, operator),
        fields: (value) => ({ q: `山田${value}` }),
      }
    },
  },
  {
    name: 'audit-log filter (query string)',
    query: true,
    field: 'action',
    prepare: async () => {
      const admin = await StaffUserFactory.apply('admin').create()
      return {
        method: 'get',
        url: route('staff.audit_log.index'),
        as: (request) => asStaff(request, admin),
        fields: (value) => ({ action: `member.login${value}` }),
      }
    },
  },
]

/** Refused in every field. */
const FORBIDDEN: Record<string, string> = {
  'NUL': '\u0000',
  'C0 control ESC': '\u001b',
  'C0 control BEL': '\u0007',
  'DEL': '\u007f',
  'C1 control NEL': '\u0085',
  'C1 control CSI': '\u009b',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udc00',
}

/** Kept in textareas, refused in one-line fields. */
const LINE_BREAKS: Record<string, string> = {
  'line feed': '\n',
  'tab': '\t',
  'carriage return': '\r',
}

/**
 * The request as a client would send it: a query string for GET, an HTML form otherwise, and
 * JSON for what a form encoding cannot carry (a lone surrogate), as Inertia's visits do.
 */
function send(client: ApiClient, prepared: Prepared, value: string) {
  let request = client[prepared.method](prepared.url)
  if (prepared.as) request = prepared.as(request)
  const fields = prepared.fields(value)
  if (prepared.method === 'get') {
    request = request.qs(fields).header('referer', prepared.url)
  } else {
    request = value.isWellFormed() ? request.form(fields) : request.json(fields)
  }
  return request.withCsrfToken().redirects(0)
}

async function refusedWithNothingWritten(
  assert: Assert,
  client: ApiClient,
  entry: Route,
  value: string
) {
  const prepared = await entry.prepare()
  const before = await snapshot()
  const response = await send(client, prepared, value)
  assert.notEqual(response.status(), 500, 'a server error instead of a field message')
  response.assertStatus(302)
  assert.equal(fieldErrors(response)[entry.field], MESSAGE)
  assert.deepEqual(await snapshot(), before, 'nothing may be written')
  return response
}

test.group('Input hygiene: control characters and invalid UTF-16 are refused', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  const cases = ROUTES.flatMap((entry) => [
    ...Object.entries(FORBIDDEN)
      // A query string carries no lone surrogate (invalid UTF-8 percent-escapes stay as text).
      .filter(([, value]) => !entry.query || value.isWellFormed())
      .map(([label, value]) => ({ entry, label, value })),
    ...(entry.multiline
      ? []
      : Object.entries(LINE_BREAKS).map(([label, value]) => ({ entry, label, value }))),
  ])

  for (const { entry, label, value } of cases) {
    test(`${entry.name} refuses ${label} in ${entry.field}`, async ({ client, assert }) => {
      await refusedWithNothingWritten(assert, client, entry, value)
    })
  }

  test('a JSON client gets 422 with the message for the field', async ({ client, assert }) => {
    const response = await client
      .post(route('public.login.store'))
      .header('accept', 'application/json')
      .json({ email: 'hanako\ud800@example.jp', password: 'x'.repeat(12) })
      .withCsrfToken()
    response.assertStatus(422)
    assert.deepEqual(response.body().errors, [
      { field: 'email', message: MESSAGE, rule: 'plainText' },
    ])
  })

  test('the typed input comes back with the refused character made visible', async ({
    client,
    assert,
  }) => {
    const { account } = await registeredMember()
    const response = await asMember(client.post(route('member.inquiries.store')), account)
      .form({ category: 'statement', body: '請求\u0000について' })
      .withCsrfToken()
      .redirects(0)
    const old = response.flashMessage('old') as Record<string, string>
    assert.equal(old.body, '請求\ufffdについて')
    assert.equal(old.category, 'statement')
  })

  test('textareas keep tab and line breaks', async ({ client, assert }) => {
    const { account } = await registeredMember()
    const response = await asMember(client.post(route('member.inquiries.store')), account)
      .form({ category: 'statement', body: '明細について\r\n\t品目：牛乳' })
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(fieldErrors(response), {})
    const row = await db.from('inquiry_messages').orderBy('id', 'desc').firstOrFail()
    assert.equal(row.body, '明細について\n\t品目：牛乳')
  })
})
