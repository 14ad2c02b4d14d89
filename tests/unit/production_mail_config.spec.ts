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

  test('refuses to start without APP_URL (links in mails and letters), saying what to set', ({
    assert,
  }) => {
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      SMTP_HOST: 'smtp.example.jp',
      APP_URL: '',
    }
    const result = spawnSync(process.execPath, ['ace', 'list:routes'], {
      cwd: app.makePath(),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.notEqual(result.status, 0)
    assert.include(`${result.stdout}${result.stderr}`, 'APP_URL is not set')
  }).timeout(70_000)

  test('starts with APP_URL and SMTP set', ({ assert }) => {
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      SMTP_HOST: 'smtp.example.jp',
      APP_URL: 'https://mypage.example.jp',
    }
    const result = spawnSync(process.execPath, ['ace', 'list:routes', '--json'], {
      cwd: app.makePath(),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`)
  }).timeout(70_000)
})
