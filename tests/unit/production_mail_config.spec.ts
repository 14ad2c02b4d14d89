import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'

/** Boots the app in production mode (an ace command) with these variables; its exit and output. */
function bootInProduction(variables: Record<string, string>) {
  const result = spawnSync(process.execPath, ['ace', 'list:routes', '--json'], {
    cwd: app.makePath(),
    env: { ...process.env, NODE_ENV: 'production', ...variables },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

test.group('Production mode', () => {
  test('refuses to start without SMTP, with a message that says what to set', ({ assert }) => {
    const boot = bootInProduction({ SMTP_HOST: '', APP_URL: 'https://mypage.example.jp' })
    assert.notEqual(boot.status, 0)
    assert.include(boot.output, 'SMTP_HOST is not set')
  }).timeout(70_000)

  test('refuses to start without APP_URL (links in mails and letters), saying what to set', ({
    assert,
  }) => {
    const boot = bootInProduction({ SMTP_HOST: 'smtp.example.jp', APP_URL: '' })
    assert.notEqual(boot.status, 0)
    assert.include(boot.output, 'APP_URL is not set')
  }).timeout(70_000)

  test('starts with APP_URL and SMTP set', ({ assert }) => {
    const boot = bootInProduction({
      SMTP_HOST: 'smtp.example.jp',
      APP_URL: 'https://mypage.example.jp',
    })
    assert.equal(boot.status, 0, boot.output)
  }).timeout(70_000)
})
