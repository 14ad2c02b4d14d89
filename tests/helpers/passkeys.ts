import type MemberAccount from '#models/member_account'
import {
  passkeyRegistrationOptions,
  passkeyUserHandle,
  registerPasskey,
} from '#domain/auth/passkey_registration'
import { relyingParty } from '#domain/auth/passkey_relying_party'
import { MemorySession, SoftPasskey } from '#tests/helpers/passkey_authenticator'

export const TEST_ORIGIN = {
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
}

/** Registers a software passkey for the account through the real ceremony (options → verify). */
export async function addSoftPasskey(
  account: MemberAccount,
  name = 'テスト用パスキー',
  options: { counter?: number } = {}
) {
  const key = new SoftPasskey(relyingParty(), {
    counter: options.counter ?? 0,
    userHandle: Buffer.from(passkeyUserHandle(account.id)).toString('base64url'),
  })
  const session = new MemorySession()
  const issued = await passkeyRegistrationOptions({ session, account })
  if (!issued.ok) throw new Error(`cannot add a passkey: ${issued.reason}`)
  const outcome = await registerPasskey({
    session,
    account,
    name,
    response: key.register(issued.options.challenge),
    origin: TEST_ORIGIN,
  })
  if (!outcome.ok) throw new Error(`passkey refused: ${outcome.reason}`)
  return { key, passkey: outcome.passkey }
}
