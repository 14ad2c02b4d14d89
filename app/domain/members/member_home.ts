import type { DateTime } from 'luxon'
import Notice from '#models/notice'
import type Statement from '#models/statement'
import { nowInJapan } from '#domain/common/clock'
import {
  latestVisibleStatement,
  type StatementReader,
} from '#domain/statements/statement_visibility'

/** How many current notices the home page lists, newest first. */
export const HOME_NOTICE_COUNT = 5

/** What the member's home page reads: the newest current notices and the newest statement. */
export interface MemberHome {
  notices: Notice[]
  latestStatement: Statement | null
}

export async function loadMemberHome(
  reader: StatementReader,
  now: DateTime = nowInJapan()
): Promise<MemberHome> {
  const notices = await Notice.query()
    .withScopes((scopes) => scopes.visibleAt(now))
    .orderBy('published_from', 'desc')
    .limit(HOME_NOTICE_COUNT)
  const latestStatement = await latestVisibleStatement(reader)
  return { notices, latestStatement }
}
