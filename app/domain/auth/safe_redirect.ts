/**
 * Where to send someone after log-in: only a path on this site. A value such as
 * '//evil.example' or '/\evil.example' is read by browsers as another host, so
 * it is refused (an open redirect would make phishing links look like ours).
 */
export function sameSitePath(candidate: unknown): string | null {
  if (typeof candidate !== 'string') return null
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return null
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return null
  return candidate
}
