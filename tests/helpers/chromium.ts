import { existsSync } from 'node:fs'
import { chromium } from 'playwright'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Debian's Chromium driven by playwright (its own browser download cannot
 * reach the internet here). The flags keep it from calling Google's hosts.
 */
export function launchChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `\n\n*** BROWSER TESTS CANNOT RUN: no Chromium at ${CHROMIUM_PATH}. ***\n` +
        '*** Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH). ***\n'
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
