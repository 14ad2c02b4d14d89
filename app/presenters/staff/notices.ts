import type Notice from '#models/notice'
import type { DateTime } from 'luxon'
import { nowInJapan } from '#domain/common/clock'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import {
  NOTICE_STATE_LABELS,
  japanDateTimeInput,
  noticeState,
  type NoticeState,
} from '#domain/workflows/notices'

/** The notices list (staff/notices/index). */
export interface NoticeListProps {
  notices: {
    id: number
    title: string
    state: NoticeState
    stateLabel: string
    isPublished: boolean
    publishedFrom: string
    publishedUntil: string | null
  }[]
}

/** The create / edit form (staff/notices/form): null `notice` for a new one. */
export interface NoticeFormProps {
  notice: {
    id: number
    title: string
    body: string
    isPublished: boolean
    publishedFrom: string
    publishedUntil: string
    stateLabel: string
  } | null
  defaultFrom: string
}

/** `notices` as listNotices (app/domain/workflows/notices.ts) orders them. */
export function presentNoticeList(
  notices: Notice[],
  now: DateTime = nowInJapan()
): NoticeListProps {
  return {
    notices: notices.map((notice) => {
      const state = noticeState(notice, now)
      return {
        id: notice.id,
        title: notice.title,
        state,
        stateLabel: NOTICE_STATE_LABELS[state],
        isPublished: notice.isPublished,
        publishedFrom: formatJapaneseDateTime(notice.publishedFrom),
        publishedUntil: notice.publishedUntil
          ? formatJapaneseDateTime(notice.publishedUntil)
          : null,
      }
    }),
  }
}

/** The edit form's values (Japan time, as datetime-local fields show them). */
export function presentNoticeForm(notice: Notice | null): NoticeFormProps {
  return {
    notice: notice
      ? {
          id: notice.id,
          title: notice.title,
          body: notice.body,
          isPublished: notice.isPublished,
          publishedFrom: japanDateTimeInput(notice.publishedFrom),
          publishedUntil: japanDateTimeInput(notice.publishedUntil),
          stateLabel: NOTICE_STATE_LABELS[noticeState(notice, nowInJapan())],
        }
      : null,
    defaultFrom: japanDateTimeInput(nowInJapan().startOf('hour')),
  }
}
