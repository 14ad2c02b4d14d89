import proxyAddr from 'proxy-addr'

/**
 * Which hops may tell the client's address (X-Forwarded-For), from
 * TRUSTED_PROXIES: a comma-separated list of addresses, subnets (10.0.0.0/8)
 * and proxy-addr's names (loopback, linklocal, uniquelocal), compiled as
 * AdonisJS compiles its own `trustProxy` string.
 *
 * Unset, nothing is trusted, not even loopback (AdonisJS's default): the quick
 * start serves browsers directly, and a proxy the installation does not have
 * would let any client pick the address its failed log-ins are counted and
 * logged under. A deployment behind a proxy names it (TRUSTED_PROXIES=loopback
 * for one on the same host); until it does, every client shows the proxy's
 * address, which the access log makes visible at once.
 */
export type TrustProxy = (address: string, hop: number) => boolean

export function trustedProxies(value: string | undefined): TrustProxy {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.length === 0) return () => false
  try {
    return proxyAddr.compile(entries)
  } catch (error) {
    throw new Error(
      `TRUSTED_PROXIES must list IP addresses, subnets or loopback/linklocal/uniquelocal (got "${value}"): ${(error as Error).message}`
    )
  }
}
