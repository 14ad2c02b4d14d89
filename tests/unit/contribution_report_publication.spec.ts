import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  isReportPublished,
  isReportVisibleTo,
  reportPublishedAt,
  visibleReportYears,
} from '#domain/contributions/contribution_report_publication'

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })

test.group('Contribution report publication: July 1 of the next year, Japan time', () => {
  test('fiscal year 2025 is published on 2026-07-01 in Japan', ({ assert }) => {
    assert.equal(reportPublishedAt(2025).toISO(), '2026-07-01T00:00:00.000+09:00')
  })

  test('{now} -> published {published}')
    .with([
      // 2026-06-30 14:59 UTC is 23:59 on June 30 in Japan: not yet
      { now: '2026-06-30T14:59:59Z', published: false },
      // 15:00 UTC is July 1 00:00 in Japan: published
      { now: '2026-06-30T15:00:00Z', published: true },
      { now: '2026-07-01T03:00:00Z', published: true },
      { now: '2026-01-15T03:00:00Z', published: false },
    ])
    .run(({ assert }, { now, published }) => {
      assert.equal(isReportPublished(2025, utc(now)), published)
    })
})

test.group('Contribution report publication: registered on or before June 30', () => {
  const july = utc('2026-07-10T00:00:00Z')

  test('registered {registeredAt} sees fiscal 2025 on 2026-07-10: {visible}')
    .with([
      { registeredAt: '2025-10-15T00:00:00Z', visible: true },
      // June 30 23:30 in Japan
      { registeredAt: '2026-06-30T14:30:00Z', visible: true },
      // July 1 00:30 in Japan
      { registeredAt: '2026-06-30T15:30:00Z', visible: false },
      { registeredAt: '2026-07-05T00:00:00Z', visible: false },
    ])
    .run(({ assert }, { registeredAt, visible }) => {
      assert.equal(isReportVisibleTo(2025, utc(registeredAt), july), visible)
    })

  test('nobody sees a report before it is published, nor without a registration', ({ assert }) => {
    assert.isFalse(
      isReportVisibleTo(2025, utc('2020-01-01T00:00:00Z'), utc('2026-06-30T14:00:00Z'))
    )
    assert.isFalse(isReportVisibleTo(2025, null, july))
  })

  test('the range of visible years follows both rules', ({ assert }) => {
    assert.deepEqual(visibleReportYears(utc('2020-05-01T00:00:00Z'), july), {
      first: 2019,
      last: 2025,
    })
    // Before July 1 the newest report is the year before last.
    assert.deepEqual(
      visibleReportYears(utc('2020-05-01T00:00:00Z'), utc('2026-06-30T14:59:59Z'))?.last,
      2024
    )
    // Registered in July 2026: fiscal 2026 (published 2027-07-01) is the first.
    assert.isNull(visibleReportYears(utc('2026-07-05T00:00:00Z'), july))
    assert.deepEqual(
      visibleReportYears(utc('2026-07-05T00:00:00Z'), utc('2027-07-01T00:00:00+09:00')),
      { first: 2026, last: 2026 }
    )
    assert.isNull(visibleReportYears(null, july))
  })

  test('the range agrees with the single-year rule around the boundaries', ({ assert }) => {
    const registrations = ['2025-06-30T14:59:00Z', '2025-06-30T15:01:00Z', '2026-03-31T15:00:00Z']
    const nows = ['2026-06-30T14:59:59Z', '2026-06-30T15:00:00Z', '2027-07-01T00:00:00Z']
    for (const r of registrations) {
      for (const n of nows) {
        const range = visibleReportYears(utc(r), utc(n))
        for (let year = 2022; year <= 2027; year++) {
          const inRange = range !== null && year >= range.first && year <= range.last
          assert.equal(inRange, isReportVisibleTo(year, utc(r), utc(n)), `${r} ${n} ${year}`)
        }
      }
    }
  })
})
