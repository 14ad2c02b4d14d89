import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  japanDateTimeInput,
  noticeState,
  noticeWindowProblem,
  parseJapanDateTime,
} from '#domain/workflows/notices'
import { rangeBounds, rangeProblem } from '#domain/audit/change_history'
import { inquiryCategoryLabel, normalizeMessage, subjectFrom } from '#domain/workflows/inquiries'

test.group('Notices: publication window in Japan time', () => {
  test('Japan-time input is stored as UTC', ({ assert }) => {
    assert.equal(parseJapanDateTime('2026-12-01T09:00')!.toISO(), '2026-12-01T00:00:00.000Z')
    assert.equal(
      parseJapanDateTime('２０２６/１２/０１ ０９:００')!.toISO(),
      '2026-12-01T00:00:00.000Z'
    )
    assert.equal(parseJapanDateTime('2026-12-01')!.toISO(), '2026-11-30T15:00:00.000Z')
    assert.isNull(parseJapanDateTime('2026-02-30T09:00'))
    assert.isNull(parseJapanDateTime('あした'))
    assert.equal(japanDateTimeInput(DateTime.fromISO('2026-12-01T00:00:00Z')), '2026-12-01T09:00')
  })

  test('states follow Notice.visibleAt: draft, scheduled, visible, ended', ({ assert }) => {
    const now = DateTime.fromISO('2026-11-25T12:00:00Z')
    const at = (iso: string) => DateTime.fromISO(iso)
    const notice = (isPublished: boolean, from: string, until: string | null) => ({
      isPublished,
      publishedFrom: at(from),
      publishedUntil: until ? at(until) : null,
    })
    assert.equal(noticeState(notice(false, '2026-11-01T00:00:00Z', null), now), 'draft')
    assert.equal(noticeState(notice(true, '2026-11-26T00:00:00Z', null), now), 'scheduled')
    assert.equal(noticeState(notice(true, '2026-11-25T12:00:00Z', null), now), 'visible')
    assert.equal(
      noticeState(notice(true, '2026-11-01T00:00:00Z', '2026-11-25T12:00:00Z'), now),
      'ended'
    )
  })

  test('the end must come after the start', ({ assert }) => {
    const from = DateTime.fromISO('2026-12-01T00:00:00Z')
    assert.isNull(noticeWindowProblem({ publishedFrom: from, publishedUntil: null }))
    assert.isString(noticeWindowProblem({ publishedFrom: from, publishedUntil: from }))
  })
})

test.group('Change-history range', () => {
  test('Japan dates, both included, as UTC bounds', ({ assert }) => {
    const { start, end } = rangeBounds({
      from: DateTime.fromISO('2026-11-10'),
      to: DateTime.fromISO('2026-11-10'),
    })
    assert.equal(start.toISO(), '2026-11-09T15:00:00.000Z')
    assert.equal(end.toISO(), '2026-11-10T15:00:00.000Z')
    assert.isNotNull(
      rangeProblem({ from: DateTime.fromISO('2026-11-11'), to: DateTime.fromISO('2026-11-10') })
    )
  })
})

test.group('Inquiries', () => {
  test('the subject is the first line, shortened', ({ assert }) => {
    assert.equal(subjectFrom('請求について\n詳しくは…'), '請求について')
    assert.equal(subjectFrom('あ'.repeat(50)), `${'あ'.repeat(40)}…`)
    assert.equal(normalizeMessage(' a\r\nb\r '), 'a\nb')
    assert.equal(inquiryCategoryLabel('statement'), '請求明細について')
    assert.equal(inquiryCategoryLabel('unknown'), 'その他')
  })
})
