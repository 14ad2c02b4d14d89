import type { BrowserContext } from 'playwright'
import MemberAccount from '#models/member_account'
import { markBrowserKnown } from '#tests/helpers/devices'
import { route } from '#tests/helpers/routes'

/**
 * Logs a member in through the real form in a browser the member already confirmed with a
 * mailed code (so no new-device code is asked). Journeys about the log-in itself drive the
 * form and the code step on their own.
 */
export async function memberLogsIn(context: BrowserContext, email: string, password: string) {
  const account = await MemberAccount.findByOrFail('email', email)
  await markBrowserKnown(context, account)
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  await page.goto(`${process.env.APP_URL}${route('public.login.show')}`)
  await page.getByLabel('メールアドレス').fill(email)
  await page.getByLabel('パスワード').fill(password)
  await page.getByRole('button', { name: 'ログイン', exact: true }).click()
  await page.waitForURL(`**${route('member.home')}`)
  return page
}

/** Logs a staff member in through the staff form. */
export async function staffLogsIn(context: BrowserContext, loginId: string, password: string) {
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
  await page.getByLabel('職員ID').fill(loginId)
  await page.getByLabel('パスワード').fill(password)
  await page.getByRole('button', { name: 'ログイン', exact: true }).click()
  await page.waitForURL(`**${route('staff.dashboard')}`)
  return page
}
