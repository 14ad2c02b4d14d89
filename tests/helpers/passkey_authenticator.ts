import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

/**
 * A software passkey (WebAuthn authenticator) made with node:crypto, so server-side tests verify
 * real signatures: an ES256 key pair, attestation 'none' for registration, and assertions
 * signed over authenticatorData + SHA-256(clientDataJSON) as a browser and its authenticator
 * would send them. Every field can be bent (origin, challenge, counter, flags) to test refusals.
 */
const b64url = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()

/* The few CBOR shapes a COSE key and an attestation object need (RFC 8949). */
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length])
  if (length < 256) return Buffer.from([(major << 5) | 24, length])
  return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff])
}
const cborInt = (value: number) => (value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value))
const cborBytes = (bytes: Buffer) => Buffer.concat([cborHead(2, bytes.length), bytes])
const cborText = (text: string) => {
  const bytes = Buffer.from(text, 'utf8')
  return Buffer.concat([cborHead(3, bytes.length), bytes])
}
const cborMap = (entries: [Buffer, Buffer][]) =>
  Buffer.concat([cborHead(5, entries.length), ...entries.flat()])

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40

export interface CeremonyOverrides {
  origin?: string
  challenge?: string
  rpId?: string
  userVerified?: boolean
  type?: string
}

export class SoftPasskey {
  readonly credentialId: Buffer
  readonly #privateKey: KeyObject
  readonly #publicKey: KeyObject
  counter: number

  constructor(
    readonly rp: { id: string; origin: string },
    options: { counter?: number; userHandle?: string } = {}
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.#privateKey = pair.privateKey
    this.#publicKey = pair.publicKey
    this.credentialId = randomBytes(32)
    this.counter = options.counter ?? 0
    this.userHandle = options.userHandle
  }

  userHandle?: string

  get id() {
    return b64url(this.credentialId)
  }

  #coseKey() {
    const jwk = this.#publicKey.export({ format: 'jwk' })
    return cborMap([
      [cborInt(1), cborInt(2)], // kty: EC2
      [cborInt(3), cborInt(-7)], // alg: ES256
      [cborInt(-1), cborInt(1)], // crv: P-256
      [cborInt(-2), cborBytes(Buffer.from(jwk.x!, 'base64url'))],
      [cborInt(-3), cborBytes(Buffer.from(jwk.y!, 'base64url'))],
    ])
  }

  #authData(rpId: string, flags: number, attested: boolean) {
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(this.counter)
    const parts: Buffer[] = [sha256(rpId), Buffer.from([flags]), counter]
    if (attested) {
      const idLength = Buffer.alloc(2)
      idLength.writeUInt16BE(this.credentialId.length)
      parts.push(Buffer.alloc(16), idLength, this.credentialId, this.#coseKey())
    }
    return Buffer.concat(parts)
  }

  #clientData(type: string, challenge: string, overrides: CeremonyOverrides) {
    return Buffer.from(
      JSON.stringify({
        type: overrides.type ?? type,
        challenge: overrides.challenge ?? challenge,
        origin: overrides.origin ?? this.rp.origin,
        crossOrigin: false,
      })
    )
  }

  #flags(overrides: CeremonyOverrides, extra = 0) {
    return FLAG_UP | (overrides.userVerified === false ? 0 : FLAG_UV) | extra
  }

  /** What navigator.credentials.create() gives (RegistrationResponseJSON) for `challenge`. */
  register(challenge: string, overrides: CeremonyOverrides = {}) {
    const authData = this.#authData(
      overrides.rpId ?? this.rp.id,
      this.#flags(overrides, FLAG_AT),
      true
    )
    const attestationObject = cborMap([
      [cborText('fmt'), cborText('none')],
      [cborText('attStmt'), cborMap([])],
      [cborText('authData'), cborBytes(authData)],
    ])
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(this.#clientData('webauthn.create', challenge, overrides)),
        attestationObject: b64url(attestationObject),
        transports: ['internal' as const],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    }
  }

  /**
   * What navigator.credentials.get() gives (AuthenticationResponseJSON) for `challenge`; the
   * counter goes up by one first unless `counter` says what to send (0 = a non-counting passkey).
   */
  authenticate(challenge: string, overrides: CeremonyOverrides & { counter?: number } = {}) {
    this.counter = overrides.counter ?? (this.counter === 0 ? 0 : this.counter + 1)
    const authData = this.#authData(overrides.rpId ?? this.rp.id, this.#flags(overrides), false)
    const clientData = this.#clientData('webauthn.get', challenge, overrides)
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientData)]),
      this.#privateKey
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    }
  }
}

/** A session as the domain actions use it (put / pull), without HTTP. */
export class MemorySession {
  values = new Map<string, unknown>()
  put(key: string, value: unknown) {
    this.values.set(key, value)
  }
  pull(key: string, defaultValue?: unknown) {
    const value = this.values.has(key) ? this.values.get(key) : defaultValue
    this.values.delete(key)
    return value
  }
}
