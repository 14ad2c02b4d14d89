import { BaseSeeder } from '@adonisjs/lucid/seeders'
import hash from '@adonisjs/core/services/hash'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Affiliation from '#models/affiliation'
import StaffUser from '#models/staff_user'
import BillingMonth from '#models/billing_month'
import ContributionReportYear from '#models/contribution_report_year'
import Notice from '#models/notice'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { BUSINESS_ZONE, fiscalYearOf, nowInJapan, todayInJapan } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { searchableName } from '#domain/common/japanese_text'
import { refundDateFor } from '#domain/members/withdrawal'
import { issueInitialPassword } from '#domain/auth/initial_passwords'
import {
  INSURANCE_PLANS,
  JapaneseFake,
  OFFICE_AFFILIATION,
  RETIRED_AFFILIATION,
  SCHOOL_AFFILIATIONS,
  type CatalogueItem,
  type FakeStatementLine,
} from '#database/factories/japanese_fake'
import { INQUIRY_SAMPLES } from '#database/factories/inquiry_factory'

/**
 * Demo data for the embedded default (`npm start`) and manual testing.
 * Runs only on an empty database (no row in `members`), in one transaction.
 *
 * Demo log-ins (documented in the README):
 *
 * | who                         | log-in                                   | state                                             |
 * | --------------------------- | ---------------------------------------- | ------------------------------------------------- |
 * | 1000001 山田 花子           | hanako@example.jp / mypage-demo-2026     | registered 2025-10-15, 12 months of statements    |
 * | 1000002 佐藤 太郎           | initial password K7P2M9QX                | not registered yet (try log-in registration)      |
 * | 1000003 鈴木 一郎           | ichiro@example.jp / mypage-demo-2026     | withdrawal accepted 2026-10-01, refund 2027-03-31 |
 * | 1000004 高橋 美咲           | misaki@example.jp / mypage-demo-2026     | withdrawn: refunded 2026-03-31, log-in refused    |
 * | other registered members    | member<number>@example.jp / mypage-demo-2026                                                 |
 * | staff 窓口 一郎 / 事務 花子 / 管理 太郎 | operator / clerk / admin, password staff-demo-2026                          |
 */
export const DEMO_MEMBER_PASSWORD = 'mypage-demo-2026'
export const DEMO_STAFF_PASSWORD = 'staff-demo-2026'
export const DEMO_INITIAL_PASSWORD = 'K7P2M9QX'

const MEMBER_COUNT = 300
const STATEMENT_MONTHS = 12
/** SQLite refuses compound SELECTs of more than 500 terms (knex's multi-row insert). */
const CHUNK = 400

type AccountState = 'registered' | 'unregistered' | 'pending'

interface MemberSeed {
  memberNumber: string
  name: string
  nameKana: string
  birthDate: DateTime
  phone: string
  postalCode: string
  address: string
  affiliationKey: string
  category: 'active' | 'retired'
  joinedOn: DateTime
  withdrawalAcceptedOn: DateTime | null
  refundOn: DateTime | null
  account: AccountState
  email: string | null
  registeredAt: DateTime | null
  lockedUntil: DateTime | null
  insurance: CatalogueItem | null
  id?: number
  accountId?: number
}

/** The demo debit day: the 27th of the month after the billing month, or the Monday after. */
function demoDebitDate(billingMonth: DateTime): string {
  let day = billingMonth.plus({ months: 1 }).set({ day: 27 })
  while (day.weekday > 5) day = day.plus({ days: 1 })
  return day.toFormat('yyyy-MM-dd')
}

const DEMO_BANKS = [
  ['ふくい銀行', '大手支店', '普通'],
  ['北陸信用金庫', '中央支店', '普通'],
  ['ゆうちょ銀行', '〇一八支店', '普通'],
  ['越前労働金庫', '本店営業部', '当座'],
] as const

/** Each demo member's debit account (1000001: ふくい銀行 大手支店 普通 ****1234). */
function demoDebitAccount(memberNumber: string) {
  const n = Number(memberNumber)
  const [bank, branch, type] = DEMO_BANKS[(n - 1) % DEMO_BANKS.length]
  return {
    debit_bank_name: bank,
    debit_branch_name: branch,
    debit_account_type: type,
    debit_account_last4:
      memberNumber === '1000001' ? '1234' : String((n * 7919) % 10000).padStart(4, '0'),
  }
}

function jst(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: BUSINESS_ZONE })
}

function isoDate(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd')
}

export default class MainSeeder extends BaseSeeder {
  /** Demo passwords are public: never seed them into production. */
  static environment = ['development', 'test']

  async run() {
    const existing = await this.client.from('members').count('* as total').first()
    if (Number(existing?.total ?? 0) > 0) {
      console.log('[seed] members already present: demo data not seeded')
      return
    }

    const started = performance.now()
    // argon2 costs ~25 ms per hash: one per password, reused by every demo account.
    const [memberHash, staffHash] = await Promise.all([
      hash.make(DEMO_MEMBER_PASSWORD),
      hash.make(DEMO_STAFF_PASSWORD),
    ])
    const counts = await this.client.transaction((trx) =>
      new DemoData(trx, memberHash, staffHash).build()
    )
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `[seed] demo data in ${seconds}s: ` +
        Object.entries(counts)
          .map(([table, count]) => `${table}=${count}`)
          .join(', ')
    )
  }
}

class DemoData {
  readonly fake = new JapaneseFake(20261125)
  readonly now = DateTime.utc().startOf('second')
  readonly today = todayInJapan()
  readonly counts: Record<string, number> = {}
  readonly staff: Record<'operator' | 'clerk' | 'admin', StaffUser> = {} as any
  readonly affiliations = new Map<string, Affiliation>()
  members: MemberSeed[] = []

  constructor(
    readonly trx: TransactionClientContract,
    readonly memberHash: string,
    readonly staffHash: string
  ) {}

  ts(value: DateTime): string {
    return dbTimestamp(value)
  }

  /** A moment never later than now (batches of the current month, etc.). */
  notAfterNow(value: DateTime): DateTime {
    return value.toUTC() > this.now ? this.now : value.toUTC()
  }

  async insert(table: string, rows: Record<string, unknown>[]) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.trx.table(table).multiInsert(rows.slice(i, i + CHUNK))
    }
    this.counts[table] = (this.counts[table] ?? 0) + rows.length
  }

  async build() {
    await this.createStaff()
    await this.createAffiliations()
    this.planMembers()
    await this.insertMembers()
    await this.insertAccounts()
    await this.issueInitialPasswords()
    await this.createMemberMasterBatch()
    await this.createContributions()
    await this.createStatements()
    await this.createNotices()
    await this.createAffiliationRequests()
    await this.createInquiries()
    await this.createProfileChanges()
    await this.createAccessLog()
    return this.counts
  }

  async createStaff() {
    const rows = [
      { loginId: 'operator', name: '窓口 一郎', role: 'operator' as const },
      { loginId: 'clerk', name: '事務 花子', role: 'clerk' as const },
      { loginId: 'admin', name: '管理 太郎', role: 'admin' as const },
    ]
    const created = await StaffUser.createMany(
      rows.map((row) => ({
        ...row,
        email: `${row.loginId}@kmypage.jp`,
        // Activity, lock and session columns keep their database defaults.
        password: this.staffHash,
      })),
      { client: this.trx }
    )
    for (const staff of created) this.staff[staff.role] = staff
    this.counts.staff_users = created.length
  }

  async createAffiliations() {
    const list = [...SCHOOL_AFFILIATIONS.slice(0, 6), OFFICE_AFFILIATION, RETIRED_AFFILIATION]
    const created = await Affiliation.createMany(
      list.map((a) => ({ code: a.code, name: a.name, nameKana: a.nameKana, isActive: true })),
      { client: this.trx }
    )
    for (const affiliation of created) this.affiliations.set(affiliation.code, affiliation)
    this.counts.affiliations = created.length
  }

  /** The four documented members first, then generated ones. */
  planMembers() {
    const [meirin, asuwa, fujishima, sabae] = SCHOOL_AFFILIATIONS.map((a) => a.code)
    const fixed = (
      seed: Partial<MemberSeed> & Pick<MemberSeed, 'memberNumber' | 'name' | 'nameKana'>
    ) =>
      ({
        category: 'active',
        withdrawalAcceptedOn: null,
        refundOn: null,
        lockedUntil: null,
        insurance: null,
        ...seed,
      }) as MemberSeed

    const ichiroAccepted = jst('2026-10-01')
    const misakiAccepted = jst('2025-06-10')
    this.members.push(
      fixed({
        memberNumber: '1000001',
        name: '山田 花子',
        nameKana: 'ヤマダ ハナコ',
        birthDate: jst('1985-06-14'),
        phone: '09012345678',
        postalCode: '9100017',
        address: '福井県福井市文京3丁目9-1 コーポ足羽 203号',
        affiliationKey: meirin,
        joinedOn: jst('2008-04-01'),
        account: 'registered',
        email: 'hanako@example.jp',
        registeredAt: jst('2025-10-15T19:42:00'),
        insurance: INSURANCE_PLANS[0],
      }),
      fixed({
        memberNumber: '1000002',
        name: '佐藤 太郎',
        nameKana: 'サトウ タロウ',
        birthDate: jst('1992-11-03'),
        phone: '0776221234',
        postalCode: '9100005',
        address: '福井県福井市大手3丁目17-1',
        affiliationKey: asuwa,
        joinedOn: jst('2015-04-01'),
        account: 'unregistered',
        email: null,
        registeredAt: null,
      }),
      fixed({
        memberNumber: '1000003',
        name: '鈴木 一郎',
        nameKana: 'スズキ イチロウ',
        birthDate: jst('1963-02-20'),
        phone: '08023456789',
        postalCode: '9100854',
        address: '福井県福井市御幸2丁目5-8',
        affiliationKey: fujishima,
        joinedOn: jst('1988-04-01'),
        withdrawalAcceptedOn: ichiroAccepted,
        refundOn: refundDateFor(ichiroAccepted),
        account: 'registered',
        email: 'ichiro@example.jp',
        registeredAt: jst('2025-04-20T21:05:00'),
        insurance: INSURANCE_PLANS[2],
      }),
      fixed({
        memberNumber: '1000004',
        name: '高橋 美咲',
        nameKana: 'タカハシ ミサキ',
        birthDate: jst('1979-08-08'),
        phone: '07034567890',
        postalCode: '9160027',
        address: '福井県鯖江市桜町1丁目4-12',
        affiliationKey: sabae,
        joinedOn: jst('2002-04-01'),
        withdrawalAcceptedOn: misakiAccepted,
        refundOn: refundDateFor(misakiAccepted),
        account: 'registered',
        email: 'misaki@example.jp',
        registeredAt: jst('2024-12-02T07:30:00'),
      })
    )

    const fake = this.fake
    const schools = [...SCHOOL_AFFILIATIONS.slice(0, 6).map((a) => a.code)]
    const twoYearsAgo = this.today.minus({ years: 2 })
    const currentFiscalYear = fiscalYearOf(this.today)
    let number = 1000010

    for (let i = this.members.length; i < MEMBER_COUNT; i++) {
      number += fake.int(1, 6)
      const retired = fake.chance(0.12)
      const person = fake.person()
      const { postalCode, address } = fake.address()
      const recentJoiner = !retired && fake.chance(0.08)
      const joinedOn = recentJoiner
        ? fake.dateBetween(this.today.minus({ months: 10 }), this.today.minus({ days: 20 }))
        : fake.dateBetween(jst('1985-04-01'), this.today.minus({ years: 1 }))
      const draw = fake.float()
      const account: AccountState =
        draw < 0.85 ? 'registered' : draw < 0.95 ? 'unregistered' : 'pending'

      let registeredAt: DateTime | null = null
      if (account === 'registered') {
        const from = joinedOn > twoYearsAgo ? joinedOn.plus({ days: 1 }) : twoYearsAgo
        registeredAt = fake
          .dateBetween(from, this.today.minus({ days: 2 }))
          .set({ hour: fake.int(7, 22), minute: fake.int(0, 59), second: fake.int(0, 59) })
      }

      this.members.push({
        memberNumber: String(number),
        name: person.name,
        nameKana: person.nameKana,
        birthDate: retired
          ? fake.birthDate(61, 82, this.today)
          : fake.birthDate(23, 60, this.today),
        phone: fake.phone(),
        postalCode,
        address,
        affiliationKey: retired
          ? RETIRED_AFFILIATION.code
          : fake.chance(0.05)
            ? OFFICE_AFFILIATION.code
            : fake.pick(schools),
        category: retired ? 'retired' : 'active',
        joinedOn,
        withdrawalAcceptedOn: null,
        refundOn: null,
        account,
        email: account === 'registered' ? `member${number}@example.jp` : null,
        registeredAt,
        lockedUntil: null,
        insurance: fake.chance(0.55) ? fake.pick(INSURANCE_PLANS) : null,
      })
    }

    // A few more withdrawals among registered, long-standing members.
    const candidates = this.members
      .slice(4)
      .filter((m) => m.account === 'registered' && m.joinedOn < this.today.minus({ years: 3 }))
    const chosen = fake.sample(candidates, 10)
    chosen.slice(0, 5).forEach((m) => {
      // Accepted earlier in the current fiscal year: refund still ahead (banner).
      const fyStart = DateTime.fromObject(
        { year: currentFiscalYear, month: 4, day: 1 },
        { zone: BUSINESS_ZONE }
      )
      let accepted = fake.dateBetween(fyStart, this.today)
      if (refundDateFor(accepted) <= this.today) accepted = this.today.plus({ days: 1 })
      m.withdrawalAcceptedOn = accepted
      m.refundOn = refundDateFor(accepted)
      if (m.registeredAt && m.registeredAt > accepted) {
        m.registeredAt = accepted.minus({ days: fake.int(30, 200) }).set({ hour: 20 })
      }
    })
    chosen.slice(5, 9).forEach((m) => {
      // Accepted in one of the two previous fiscal years: refunded, log-in refused.
      const fy = currentFiscalYear - fake.int(1, 2)
      const accepted = fake.dateBetween(
        DateTime.fromObject({ year: fy, month: 4, day: 1 }, { zone: BUSINESS_ZONE }),
        DateTime.fromObject({ year: fy + 1, month: 3, day: 20 }, { zone: BUSINESS_ZONE })
      )
      m.withdrawalAcceptedOn = accepted
      m.refundOn = refundDateFor(accepted)
      if (m.registeredAt && m.registeredAt > accepted) {
        m.registeredAt = accepted.minus({ days: fake.int(30, 200) }).set({ hour: 20 })
      }
    })

    // Two accounts locked after repeated wrong passwords (the demo keeps them locked for a day).
    const lockable = this.members.slice(4).filter((m) => m.account === 'registered' && !m.refundOn)
    for (const m of [lockable[3], lockable[17]]) {
      m.lockedUntil = this.now.plus({ days: 1 })
    }
  }

  async insertMembers() {
    const now = this.ts(this.now)
    await this.insert(
      'members',
      this.members.map((m) => ({
        member_number: m.memberNumber,
        name: m.name,
        name_kana: m.nameKana,
        search_name: searchableName(m.name, m.nameKana),
        birth_date: isoDate(m.birthDate),
        phone: m.phone,
        postal_code: m.postalCode,
        address: m.address,
        affiliation_id: this.affiliations.get(m.affiliationKey)!.id,
        category: m.category,
        joined_on: isoDate(m.joinedOn),
        withdrawal_accepted_on: m.withdrawalAcceptedOn ? isoDate(m.withdrawalAcceptedOn) : null,
        refund_on: m.refundOn ? isoDate(m.refundOn) : null,
        created_at: now,
        updated_at: now,
      }))
    )
    const ids = await this.trx.from('members').select('id', 'member_number')
    const byNumber = new Map(ids.map((row) => [row.member_number as string, Number(row.id)]))
    for (const m of this.members) m.id = byNumber.get(m.memberNumber)!
  }

  async insertAccounts() {
    const fake = this.fake
    const now = this.ts(this.now)
    await this.insert(
      'member_accounts',
      this.members.map((m) => {
        const registered = m.account === 'registered'
        const until = m.refundOn && m.refundOn < this.today ? m.refundOn : this.today
        let lastLogin =
          registered && m.registeredAt
            ? fake.dateBetween(m.registeredAt, until).set({
                hour: fake.int(6, 23),
                minute: fake.int(0, 59),
              })
            : null
        // Matches the newest entry of the demo member's access log.
        if (m.memberNumber === '1000001') lastLogin = this.now.minus({ days: 1, hours: 2 })
        return {
          member_id: m.id,
          registration_state: m.account,
          email: registered ? m.email : null,
          pending_email: m.account === 'pending' ? `member${m.memberNumber}@example.jp` : null,
          password: m.account === 'unregistered' ? null : this.memberHash,
          registered_at: registered && m.registeredAt ? this.ts(m.registeredAt) : null,
          failed_login_count: 0,
          locked_until: m.lockedUntil ? this.ts(m.lockedUntil) : null,
          last_login_at: lastLogin ? this.ts(this.notAfterNow(lastLogin)) : null,
          session_version: 1,
          created_at: now,
          updated_at: now,
        }
      })
    )
    const ids = await this.trx.from('member_accounts').select('id', 'member_id')
    const byMember = new Map(ids.map((row) => [Number(row.member_id), Number(row.id)]))
    for (const m of this.members) m.accountId = byMember.get(m.id!)
  }

  /** Everyone who has not completed registration holds a valid (encrypted) initial password. */
  async issueInitialPasswords() {
    let issued = 0
    for (const m of this.members) {
      if (m.account === 'registered') continue
      await issueInitialPassword(m.id!, {
        trx: this.trx,
        value: m.memberNumber === '1000002' ? DEMO_INITIAL_PASSWORD : undefined,
      })
      issued += 1
    }
    this.counts.initial_passwords = issued
  }

  async createMemberMasterBatch() {
    const createdAt = this.notAfterNow(
      nowInJapan().minus({ days: 14 }).set({ hour: 9, minute: 12, second: 0, millisecond: 0 })
    )
    await this.insert('import_batches', [
      {
        ...this.batchColumns('members', null, createdAt),
        original_file_name: `組合員マスタ_${createdAt.setZone(BUSINESS_ZONE).toFormat('yyyyMMdd')}.csv`,
        row_count: this.members.length,
        member_count: this.members.length,
        file_size: this.members.length * 180,
        progress_done: this.members.length,
        progress_total: this.members.length,
      },
    ])
  }

  batchColumns(kind: string, period: string | null, createdAt: DateTime) {
    const at = this.ts(createdAt)
    const committed = this.ts(createdAt.plus({ minutes: 2 }))
    return {
      kind,
      period,
      status: 'committed',
      stored_file_name: null,
      file_sha256: this.fake.hex(64),
      encoding: 'shift_jis',
      error_count: 0,
      total_amount: 0,
      summary_json: null,
      failure_message: null,
      created_by_staff_id: this.staff.clerk.id,
      validated_at: this.ts(createdAt.plus({ minutes: 1 })),
      committed_at: committed,
      rolled_back_at: null,
      created_at: at,
      updated_at: committed,
    }
  }

  async insertBatch(row: Record<string, unknown>): Promise<number> {
    await this.insert('import_batches', [row])
    const inserted = await this.trx
      .from('import_batches')
      .select('id')
      .orderBy('id', 'desc')
      .first()
    return Number(inserted.id)
  }

  /** Contribution history (join, increases, refunds), balances and two annual reports. */
  async createContributions() {
    const fake = this.fake
    const now = this.ts(this.now)
    const events: Record<string, unknown>[] = []
    const balances: Record<string, unknown>[] = []
    const history = new Map<number, { on: string; delta: number }[]>()

    for (const m of this.members) {
      const list: { on: DateTime; kind: string; delta: number; note: string }[] = []
      if (m.memberNumber === '1000001') {
        list.push(
          { on: jst('2008-04-01'), kind: 'join', delta: 10, note: '加入' },
          { on: jst('2016-04-01'), kind: 'increase', delta: 5, note: '増口' },
          {
            on: jst('2025-05-15'),
            kind: 'increase',
            delta: 5,
            note: '増口（出資金増額キャンペーン）',
          }
        )
      } else {
        let units = fake.pick([1, 2, 3, 5, 5, 10, 10])
        list.push({ on: m.joinedOn, kind: 'join', delta: units, note: '加入' })
        const firstChange = m.joinedOn.plus({ years: 1 })
        if (firstChange < this.today) {
          const dates = Array.from({ length: fake.int(0, 3) }, () =>
            fake.dateBetween(firstChange, this.today.minus({ days: 1 }))
          ).sort((a, b) => a.toMillis() - b.toMillis())
          for (const on of dates) {
            if (m.refundOn && on >= m.refundOn) continue
            if (units > 3 && fake.chance(0.1)) {
              const delta = -fake.int(1, 2)
              units += delta
              list.push({ on, kind: 'decrease', delta, note: '減口' })
            } else {
              const delta = Math.min(fake.pick([1, 2, 3, 5, 10]), 30 - units)
              if (delta <= 0) continue
              units += delta
              list.push({ on, kind: 'increase', delta, note: '増口' })
            }
          }
        }
      }
      let units = list.reduce((sum, e) => sum + e.delta, 0)
      if (m.refundOn && m.refundOn <= this.today) {
        list.push({ on: m.refundOn, kind: 'refund', delta: -units, note: '脱退に伴う出資金返還' })
        units = 0
      }

      let after = 0
      for (const e of list) {
        after += e.delta
        events.push({
          member_id: m.id,
          occurred_on: isoDate(e.on),
          kind: e.kind,
          units_delta: e.delta,
          amount_delta: e.delta * 1000,
          units_after: after,
          amount_after: after * 1000,
          note: e.note,
          created_at: now,
        })
      }
      history.set(
        m.id!,
        list.map((e) => ({ on: isoDate(e.on), delta: e.delta }))
      )
      balances.push({ member_id: m.id, units, amount: units * 1000, updated_at: now })
    }
    await this.insert('contribution_events', events)
    await this.insert('contribution_balances', balances)

    // Reports are published on July 1 for the fiscal year that ended on March 31.
    const latest =
      this.today >=
      DateTime.fromObject({ year: this.today.year, month: 7, day: 1 }, { zone: BUSINESS_ZONE })
        ? this.today.year - 1
        : this.today.year - 2
    for (const fiscalYear of [latest - 1, latest]) {
      const start = `${fiscalYear}-04-01`
      const end = `${fiscalYear + 1}-03-31`
      const reports: Record<string, unknown>[] = []
      for (const m of this.members) {
        const entries = history.get(m.id!)!
        if (entries[0].on > end) continue
        const unitsStart = entries.filter((e) => e.on < start).reduce((s, e) => s + e.delta, 0)
        const during = entries.filter((e) => e.on >= start && e.on <= end)
        if (unitsStart === 0 && during.length === 0) continue
        const increase = during.filter((e) => e.delta > 0).reduce((s, e) => s + e.delta, 0)
        const decrease = -during.filter((e) => e.delta < 0).reduce((s, e) => s + e.delta, 0)
        const unitsEnd = unitsStart + increase - decrease
        reports.push({
          member_id: m.id,
          fiscal_year: fiscalYear,
          units_start: unitsStart,
          amount_start: unitsStart * 1000,
          units_increase: increase,
          amount_increase: increase * 1000,
          units_decrease: decrease,
          amount_decrease: decrease * 1000,
          units_end: unitsEnd,
          amount_end: unitsEnd * 1000,
          // 出資配当: 1 % of the contribution held through the year.
          dividend: Math.floor(Math.min(unitsStart, unitsEnd) * 1000 * 0.01),
        })
      }
      const createdAt = this.notAfterNow(
        DateTime.fromObject(
          { year: fiscalYear + 1, month: 6, day: 20, hour: 10 },
          { zone: BUSINESS_ZONE }
        )
      )
      const batchId = await this.insertBatch({
        ...this.batchColumns('contribution_reports', String(fiscalYear), createdAt),
        original_file_name: `出資報告_${fiscalYear}年度.csv`,
        row_count: reports.length,
        member_count: reports.length,
        total_amount: reports.reduce((s, r) => s + (r.amount_end as number), 0),
        file_size: reports.length * 96,
        progress_done: reports.length,
        progress_total: reports.length,
      })
      await this.insert(
        'contribution_reports',
        reports.map((r) => ({ import_batch_id: batchId, ...r }))
      )
      await ContributionReportYear.updateOrCreate(
        { fiscalYear },
        { activeBatchId: batchId },
        { client: this.trx }
      )
      this.counts.contribution_report_years = (this.counts.contribution_report_years ?? 0) + 1
    }
  }

  /** Twelve billing months ending with last month, one statement per member and month. */
  async createStatements() {
    const fake = this.fake
    const lastMonth = nowInJapan().startOf('month').minus({ months: 1 })
    const months = Array.from({ length: STATEMENT_MONTHS }, (_, i) =>
      lastMonth.minus({ months: STATEMENT_MONTHS - 1 - i })
    )

    for (const month of months) {
      const billingMonth = month.toFormat('yyyy-MM')
      const monthStart = isoDate(month)
      const monthEnd = isoDate(month.endOf('month'))
      const isLatest = billingMonth === lastMonth.toFormat('yyyy-MM')

      const planned: { member: MemberSeed; lines: FakeStatementLine[]; total: number }[] = []
      for (const m of this.members) {
        if (isoDate(m.joinedOn) > monthEnd) continue
        if (m.refundOn && isoDate(m.refundOn) < monthStart) continue
        const count = m.memberNumber === '1000001' ? fake.int(8, 12) : fake.int(4, 12)
        const lines = fake.statementLines(billingMonth, count, { insurance: m.insurance })
        if (m.memberNumber === '1000001' && isLatest && !lines.some((l) => l.amount < 0)) {
          // Show the demo member a return in the latest month.
          const bought = lines.find((l) => l.category === '食品') ?? lines[0]
          lines.push({
            lineNumber: lines.length + 1,
            lineDate: month.set({ day: 28 }).toFormat('yyyy-MM-dd'),
            category: '返品',
            itemName: `${bought.itemName}（返品）`,
            quantity: -1,
            unitPrice: bought.unitPrice,
            amount: -bought.unitPrice,
            taxRate: bought.taxRate,
          })
        }
        planned.push({ member: m, lines, total: lines.reduce((s, l) => s + l.amount, 0) })
      }

      const rowCount = planned.reduce((s, p) => s + p.lines.length, 0)
      const totalAmount = planned.reduce((s, p) => s + p.total, 0)
      const createdAt = this.notAfterNow(
        month.plus({ months: 1 }).set({ day: 5, hour: 9, minute: 30 })
      )
      const batchId = await this.insertBatch({
        ...this.batchColumns('statements', billingMonth, createdAt),
        original_file_name: `請求明細_${billingMonth}.csv`,
        row_count: rowCount,
        member_count: planned.length,
        total_amount: totalAmount,
        file_size: rowCount * 92,
        progress_done: rowCount,
        progress_total: rowCount,
      })

      const debitDate = demoDebitDate(month)
      await this.insert(
        'statements',
        planned.map((p) => ({
          import_batch_id: batchId,
          member_id: p.member.id,
          billing_month: billingMonth,
          total_amount: p.total,
          line_count: p.lines.length,
          debit_date: debitDate,
          ...demoDebitAccount(p.member.memberNumber),
        }))
      )
      const ids = await this.trx
        .from('statements')
        .where('import_batch_id', batchId)
        .select('id', 'member_id')
      const statementOf = new Map(ids.map((row) => [Number(row.member_id), Number(row.id)]))

      const lineRows: Record<string, unknown>[] = []
      for (const p of planned) {
        const statementId = statementOf.get(p.member.id!)
        for (const line of p.lines) {
          lineRows.push({
            statement_id: statementId,
            line_number: line.lineNumber,
            line_date: line.lineDate,
            category: line.category,
            item_name: line.itemName,
            quantity: line.quantity,
            unit_price: line.unitPrice,
            amount: line.amount,
            tax_rate: line.taxRate,
          })
        }
      }
      await this.insert('statement_lines', lineRows)
      await BillingMonth.updateOrCreate(
        { billingMonth },
        { activeBatchId: batchId },
        { client: this.trx }
      )
      this.counts.billing_months = (this.counts.billing_months ?? 0) + 1
    }
  }

  async createNotices() {
    const now = this.now
    const created = await Notice.createMany(
      [
        {
          title: 'マイページをご利用いただきありがとうございます',
          body: '請求明細は毎月5日ごろに前月分を掲載します。デジタル組合員証は「組合員証」メニューから表示できます。ご不明な点は「連絡・お問い合わせ」からお寄せください。',
          isPublished: true,
          publishedFrom: now.minus({ days: 10 }),
          publishedUntil: now.plus({ days: 60 }),
        },
        {
          title: '年末年始の営業日のお知らせ',
          body: '12月29日から1月4日まで、学生協事務所はお休みをいただきます。期間中のお問い合わせは、1月5日以降に順次回答いたします。',
          isPublished: true,
          publishedFrom: now.plus({ days: 14 }),
          publishedUntil: null,
        },
        {
          title: '夏のギフトカタログ受付は終了しました',
          body: '多数のお申し込みをいただき、ありがとうございました。冬のギフトカタログは11月にお届けします。',
          isPublished: true,
          publishedFrom: now.minus({ days: 120 }),
          publishedUntil: now.minus({ days: 60 }),
        },
        {
          title: '【下書き】システムメンテナンスのお知らせ',
          body: 'メンテナンスの日時が決まりしだい掲載します。',
          isPublished: false,
          publishedFrom: now.plus({ days: 30 }),
          publishedUntil: null,
        },
      ].map((notice) => ({ ...notice, createdByStaffId: this.staff.admin.id })),
      { client: this.trx }
    )
    this.counts.notices = created.length
  }

  async createAffiliationRequests() {
    const fake = this.fake
    const byCode = (code: string) => this.affiliations.get(code)!
    const nextApril = DateTime.fromObject(
      { year: fiscalYearOf(this.today) + 1, month: 4, day: 1 },
      { zone: BUSINESS_ZONE }
    )
    const hanako = this.members[0]
    const others = this.members
      .slice(4)
      .filter((m) => m.account === 'registered' && !m.refundOn && m.category === 'active')
    const [a, b, c, d, e] = fake.sample(others, 5)
    const schools = SCHOOL_AFFILIATIONS.slice(0, 6).map((s) => s.code)
    const otherSchool = (m: MemberSeed) => byCode(schools.find((s) => s !== m.affiliationKey)!)
    const created = (days: number) => this.now.minus({ days, hours: fake.int(0, 8) })

    const rows = [
      {
        member: hanako,
        requestedAffiliationId: byCode(SCHOOL_AFFILIATIONS[1].code).id,
        requestedAffiliationText: null,
        effectiveOn: nextApril,
        reason: '4月1日付の人事異動のため',
        status: 'pending' as const,
        createdAt: created(2),
      },
      {
        member: a,
        requestedAffiliationId: otherSchool(a).id,
        requestedAffiliationText: null,
        effectiveOn: nextApril,
        reason: '人事異動の内示がありました。',
        status: 'pending' as const,
        createdAt: created(5),
      },
      {
        member: b,
        requestedAffiliationId: null,
        requestedAffiliationText: '石川県立金沢泉丘高等学校',
        effectiveOn: nextApril,
        reason: '県外の学校へ転出するため（組合員は継続を希望します）',
        status: 'pending' as const,
        createdAt: created(1),
      },
      {
        member: c,
        requestedAffiliationId: byCode(OFFICE_AFFILIATION.code).id,
        requestedAffiliationText: null,
        effectiveOn: this.today.plus({ days: 20 }),
        reason: '教育庁への出向のため',
        status: 'pending' as const,
        createdAt: created(8),
      },
      {
        member: d,
        requestedAffiliationId: otherSchool(d).id,
        requestedAffiliationText: null,
        effectiveOn: this.today.minus({ months: 7 }).set({ day: 1 }),
        reason: '産休明けで勤務校が変わりました。',
        status: 'approved' as const,
        createdAt: created(230),
        decidedByStaffId: this.staff.clerk.id,
        decidedAt: created(228),
        decisionNote: '所属を変更しました。',
      },
      {
        member: e,
        requestedAffiliationId: null,
        requestedAffiliationText: '福井市立明倫中学校（兼務）',
        effectiveOn: this.today.minus({ months: 3 }).set({ day: 1 }),
        reason: '兼務先を追加したい',
        status: 'rejected' as const,
        createdAt: created(95),
        decidedByStaffId: this.staff.clerk.id,
        decidedAt: created(93),
        decisionNote: '兼務の場合は本務校の所属のままとなります。変更の必要はありません。',
      },
    ]
    await AffiliationChangeRequest.createMany(
      rows.map(({ member, ...row }) => ({
        memberId: member.id!,
        fromAffiliationId: this.affiliations.get(member.affiliationKey)!.id,
        decidedByStaffId: null,
        decidedAt: null,
        decisionNote: null,
        ...row,
        updatedAt: row.decidedAt ?? row.createdAt,
      })),
      { client: this.trx }
    )
    this.counts.affiliation_change_requests = rows.length
  }

  async createInquiries() {
    const fake = this.fake
    const hanako = this.members[0]
    const others = fake.sample(
      this.members.slice(4).filter((m) => m.account === 'registered' && !m.refundOn),
      4
    )
    const operator = this.staff.operator.id
    type Message = { author: 'member' | 'staff'; body: string; at: DateTime }
    const threads: {
      member: MemberSeed
      sample: (typeof INQUIRY_SAMPLES)[number]
      status: 'open' | 'answered' | 'closed'
      assigned: number | null
      messages: Message[]
    }[] = [
      {
        member: hanako,
        sample: INQUIRY_SAMPLES[1],
        status: 'answered',
        assigned: operator,
        messages: [
          {
            author: 'member',
            body: INQUIRY_SAMPLES[1].body,
            at: this.now.minus({ days: 6, hours: 3 }),
          },
          {
            author: 'staff',
            body: '山田様　お問い合わせありがとうございます。増口は「出資金増口申込書」のご提出で承ります。所属の学校にお届けしますので、ご記入のうえ担当者へお渡しください。',
            at: this.now.minus({ days: 5, hours: 20 }),
          },
        ],
      },
      ...others.slice(0, 3).map((m, i) => ({
        member: m,
        sample: INQUIRY_SAMPLES[[0, 3, 4][i]],
        status: 'open' as const,
        assigned: i === 0 ? operator : null,
        messages: [
          {
            author: 'member' as const,
            body: INQUIRY_SAMPLES[[0, 3, 4][i]].body,
            at: this.now.minus({ days: i, hours: fake.int(1, 9) }),
          },
        ],
      })),
      {
        member: others[3],
        sample: INQUIRY_SAMPLES[2],
        status: 'closed',
        assigned: operator,
        messages: [
          { author: 'member', body: INQUIRY_SAMPLES[2].body, at: this.now.minus({ days: 40 }) },
          {
            author: 'staff',
            body: 'お問い合わせありがとうございます。カタログの送付先も新しいご住所に変更済みです。',
            at: this.now.minus({ days: 39 }),
          },
          {
            author: 'member',
            body: '確認できました。ありがとうございました。',
            at: this.now.minus({ days: 38 }),
          },
        ],
      },
    ]

    let messageCount = 0
    for (const thread of threads) {
      const first = thread.messages[0].at
      const last = thread.messages[thread.messages.length - 1].at
      await this.insert('inquiries', [
        {
          member_id: thread.member.id,
          category: thread.sample.category,
          subject: thread.sample.subject,
          status: thread.status,
          assigned_staff_id: thread.assigned,
          last_message_at: this.ts(last),
          created_at: this.ts(first),
          updated_at: this.ts(last),
        },
      ])
      const inquiry = await this.trx.from('inquiries').select('id').orderBy('id', 'desc').first()
      await this.insert(
        'inquiry_messages',
        thread.messages.map((message) => ({
          inquiry_id: Number(inquiry.id),
          author_type: message.author,
          staff_user_id: message.author === 'staff' ? operator : null,
          body: message.body,
          created_at: this.ts(message.at),
        }))
      )
      messageCount += thread.messages.length
    }
    this.counts.inquiry_messages = messageCount
  }

  /** Change history (個人情報変更) for the staff export: old → current values. */
  async createProfileChanges() {
    const fake = this.fake
    const hanako = this.members[0]
    const [renamed, moved] = fake.sample(
      this.members.slice(4).filter((m) => m.account === 'registered' && !m.refundOn),
      2
    )
    // Fields changed together share one timestamp.
    const at = (days: number) => this.ts(this.now.minus({ days, hours: (days * 7) % 10 }))
    const [renamedFamily] = renamed.name.split(' ')
    const [renamedFamilyKana] = renamed.nameKana.split(' ')
    await this.insert('profile_changes', [
      {
        member_id: hanako.id,
        field: 'address',
        old_value: '福井県福井市順化1丁目24-10',
        new_value: hanako.address,
        changed_by_type: 'member',
        changed_by_staff_id: null,
        created_at: at(45),
      },
      {
        member_id: hanako.id,
        field: 'postal_code',
        old_value: '9100023',
        new_value: hanako.postalCode,
        changed_by_type: 'member',
        changed_by_staff_id: null,
        created_at: at(45),
      },
      {
        member_id: renamed.id,
        field: 'name',
        old_value: renamed.name.replace(renamedFamily, '大島'),
        new_value: renamed.name,
        changed_by_type: 'member',
        changed_by_staff_id: null,
        created_at: at(12),
      },
      {
        member_id: renamed.id,
        field: 'name_kana',
        old_value: renamed.nameKana.replace(renamedFamilyKana, 'オオシマ'),
        new_value: renamed.nameKana,
        changed_by_type: 'member',
        changed_by_staff_id: null,
        created_at: at(12),
      },
      {
        member_id: moved.id,
        field: 'phone',
        old_value: '0776231234',
        new_value: moved.phone,
        changed_by_type: 'staff',
        changed_by_staff_id: this.staff.operator.id,
        created_at: at(3),
      },
    ])
  }

  /** Recent log-ins of the demo member and the failures that locked two accounts. */
  async createAccessLog() {
    const hanako = this.members[0]
    const rows: Record<string, unknown>[] = []
    const devices = [
      {
        ip: '203.0.113.24',
        ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      },
      {
        ip: '198.51.100.7',
        ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      },
    ]
    for (const [i, days] of [1, 4, 9].entries()) {
      const device = devices[i % 2]
      rows.push({
        actor_type: 'member',
        staff_user_id: null,
        member_account_id: hanako.accountId,
        member_id: hanako.id,
        action: 'member.login',
        outcome: 'success',
        ip: device.ip,
        user_agent: device.ua,
        details_json: JSON.stringify({ loginId: hanako.email }),
        created_at: this.ts(this.now.minus({ days, hours: 2 + i })),
      })
    }
    for (const m of this.members.filter((member) => member.lockedUntil)) {
      const lockedAt = m.lockedUntil!.minus({ days: 1 })
      for (let attempt = 10; attempt >= 1; attempt--) {
        rows.push({
          actor_type: 'member',
          staff_user_id: null,
          member_account_id: m.accountId,
          member_id: m.id,
          action: 'member.login',
          outcome: 'failure',
          ip: '192.0.2.55',
          user_agent: devices[1].ua,
          details_json: JSON.stringify({
            loginId: m.email,
            reason: attempt === 1 ? 'locked' : 'invalid',
          }),
          created_at: this.ts(lockedAt.minus({ seconds: (attempt - 1) * 20 })),
        })
      }
    }
    await this.insert('audit_logs', rows)
  }
}
