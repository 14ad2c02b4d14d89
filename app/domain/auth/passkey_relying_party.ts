import env from '#start/env'
import { portalBaseUrl } from '#mails/portal_url'
import { COOP } from '#domain/common/coop'

/**
 * Who asks for passkeys (the WebAuthn "relying party"): the public address of the portal,
 * APP_URL (or http://localhost:PORT in the quick start, which Chrome treats as secure). A
 * passkey is bound to the host name (the RP ID); a response signed for any other origin is refused.
 */
export interface RelyingParty {
  id: string
  origin: string
  name: string
}

export function relyingPartyFor(appUrl: string | undefined, port: string | number | undefined) {
  const url = new URL(portalBaseUrl(appUrl, port))
  return { id: url.hostname, origin: url.origin, name: COOP.name } satisfies RelyingParty
}

export function relyingParty(): RelyingParty {
  return relyingPartyFor(env.get('APP_URL'), env.get('PORT'))
}
