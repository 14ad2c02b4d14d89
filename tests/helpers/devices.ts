import type { BrowserContext } from 'playwright'
import { DEVICE_COOKIE, newDeviceId, rememberDevice } from '#domain/auth/member_devices'

/**
 * A browser the member already confirmed with a mailed code (member_devices
 * row), so a password log-in needs no code: send the returned id as the
 * signed device cookie, `request.withCookie(DEVICE_COOKIE, deviceId)`.
 */
export async function knownDevice(account: { id: number }) {
  const deviceId = newDeviceId()
  await rememberDevice(account.id, deviceId, 'test browser')
  return deviceId
}

/** The same for a Chromium context in browser tests. */
export async function markBrowserKnown(context: BrowserContext, account: { id: number }) {
  await context.setCookie(DEVICE_COOKIE, await knownDevice(account), { domain: 'localhost' })
}
