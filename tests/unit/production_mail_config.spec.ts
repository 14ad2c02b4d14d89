import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'

test.group('Production mode', () => {
  test('refuses to start without SMTP, with a message that says what to set', ({ assert }) => {
    const env = { ...process.env, NODE_ENV: 'production', SMTP_HOST: '' }
    const result = spawnSync(process.execPath, ['ace', 'list:routes'], {
      cwd: app.makePath(),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.notEqual(result.status, 0)
    assert.include(`${result.stdout}${result.stderr}`, 'SMTP_HOST is not set')
  }).timeout(70_000)
})
