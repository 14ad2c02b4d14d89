import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { sessionBrowserClient } from '@adonisjs/session/plugins/browser_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { authBrowserClient } from '@adonisjs/auth/plugins/browser_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { inertiaApiClient } from '@adonisjs/inertia/plugins/api_client'
import type { Config } from '@japa/runner/types'
import { launchChromium } from '#tests/helpers/chromium'
import { stopAllRealServers } from '#tests/helpers/real_server'
import { stopAllSmtpServers } from '#tests/helpers/smtp_server'
import { deliverOutbox } from '#tests/helpers/mails'
import { ApiClient } from '@japa/api-client'

// What the sender of a running server does right after a commit: the mails a request queued
// are sent (through mail.fake() where a test fakes the mailer) before the test reads them.
ApiClient.teardown(async () => {
  await deliverOutbox()
})

export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient(),
  sessionApiClient(app),
  authApiClient(app),
  shieldApiClient(),
  inertiaApiClient(app),
  browserClient({ runInSuites: ['browser'], launcher: launchChromium }),
  sessionBrowserClient(app),
  authBrowserClient(app),
]

export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => testUtils.db().migrate()],
  teardown: [() => stopAllRealServers(), () => stopAllSmtpServers()],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
  if (suite.name === 'server') {
    // No HTTP server in this process (each test starts the app as its own), but named routes are needed.
    return suite.setup(() => router.commit())
  }
}
