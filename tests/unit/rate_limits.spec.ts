import { test } from '@japa/runner'
import {
  ACCOUNT_LOCK,
  LOGIN_CODE_TRIES,
  PASSKEY_LIMITS,
  RATE_LIMITS,
  STEP_WINDOWS,
  lifetimeIn,
  limitOn,
} from '#domain/auth/rate_limits'

/*
| The credential limits SPEC "Security" and README "Log-in protections" promise, written as
| literals: changing one in rate_limits.ts must fail here and be a deliberate edit of both.
*/
test.group('Credential limits: the documented numbers', () => {
  test('10 consecutive wrong passwords lock the account for 30 minutes', ({ assert }) => {
    assert.deepEqual(ACCOUNT_LOCK, { consecutiveFailures: 10, lockMinutes: 30 })
  })

  test('log-in: 5 failures a minute per address and id, 30 per 15 minutes per address', ({
    assert,
  }) => {
    assert.deepEqual(RATE_LIMITS.passwordLoginPerAccount, {
      requests: 5,
      windowMinutes: 1,
      blockMinutes: 5,
    })
    assert.deepEqual(RATE_LIMITS.passwordLoginPerAddress, {
      requests: 30,
      windowMinutes: 15,
      blockMinutes: 15,
    })
  })

  test('mailed links and codes: 60-minute reset links, 10-minute codes with 5 tries', ({
    assert,
  }) => {
    assert.equal(lifetimeIn('password_reset', 'minutes'), 60)
    assert.equal(lifetimeIn('login_code', 'minutes'), 10)
    assert.equal(lifetimeIn('registration', 'hours'), 24)
    assert.equal(lifetimeIn('email_change', 'hours'), 24)
    assert.equal(LOGIN_CODE_TRIES, 5)
    assert.equal(RATE_LIMITS.loginCodeResends.requests, 3)
    assert.equal(RATE_LIMITS.loginCodeResends.windowMinutes, lifetimeIn('login_code', 'minutes'))
  })

  test('staff authenticator codes: 5 wrong per 15 minutes', ({ assert }) => {
    assert.deepEqual(RATE_LIMITS.staffTotpWrongCodes, {
      requests: 5,
      windowMinutes: 15,
      blockMinutes: 15,
    })
  })

  test('the windows between steps', ({ assert }) => {
    assert.deepEqual(STEP_WINDOWS, {
      memberLoginCodeMinutes: 10,
      staffTwoStepMinutes: 5,
      registrationStepMinutes: 30,
      recentPasswordMinutes: 15,
      passkeyChallengeMinutes: 5,
    })
  })

  test('passkeys: 10 per member, names up to 30 characters, 20 refused log-ins per 15 minutes per address', ({
    assert,
  }) => {
    assert.deepEqual(PASSKEY_LIMITS, { perMember: 10, nameMaxLength: 30 })
    assert.deepEqual(RATE_LIMITS.passkeyLoginPerAddress, {
      requests: 20,
      windowMinutes: 15,
      blockMinutes: 15,
    })
  })

  test('a limit on a key counts in seconds, as the limiter store does', ({ assert }) => {
    assert.deepEqual(limitOn(RATE_LIMITS.guideLetterPerAddress, 'register:ip:x'), {
      key: 'register:ip:x',
      requests: 20,
      duration: 15 * 60,
      block: 30 * 60,
    })
    assert.isTrue(
      limitOn(RATE_LIMITS.passwordLoginPerAccount, 'k', { clearsOnSuccess: true }).clearsOnSuccess
    )
  })

  test('phone desk: 30 reveals an hour per operator, 5 failed checks per member block 15 minutes', ({
    assert,
  }) => {
    assert.equal(RATE_LIMITS.deskRevealsPerOperator.requests, 30)
    assert.equal(RATE_LIMITS.deskRevealsPerOperator.windowMinutes, 60)
    assert.deepEqual(RATE_LIMITS.deskFailedChecksPerMember, {
      requests: 5,
      windowMinutes: 15,
      blockMinutes: 15,
    })
  })
})
