import { DateTime, Settings } from 'luxon'
import { BUSINESS_ZONE } from '#domain/common/clock'

const systemNow = Settings.now

/**
 * Runs the app's luxon clock (nowInJapan, DateTime.utc: refund days, publication dates, token
 * expiry) at a fixed Japan time, so a boundary is tested on its day whatever today is.
 * Session ages use Date.now and keep running on the real clock.
 */
export function setJapanTime(isoLocalTime: string) {
  const at = DateTime.fromISO(isoLocalTime, { zone: BUSINESS_ZONE })
  if (!at.isValid) throw new Error(`not a time: ${isoLocalTime}`)
  const millis = at.toMillis()
  Settings.now = () => millis
}

/** Moves a fixed clock on by a duration (the clock must have been set). */
export function advanceClock(by: { minutes?: number; seconds?: number; hours?: number }) {
  const next = DateTime.now().plus(by).toMillis()
  Settings.now = () => next
}

export function restoreClock() {
  Settings.now = systemNow
}

/** A Japan wall-clock time as the UTC DateTime a column stores. */
export function japanTime(isoLocalTime: string): DateTime {
  return DateTime.fromISO(isoLocalTime, { zone: BUSINESS_ZONE }).toUTC()
}
