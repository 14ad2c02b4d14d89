import { onMounted, ref } from 'vue'
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser'

export { startAuthentication, startRegistration }

/**
 * Passkeys need JavaScript (the browser's WebAuthn API): the buttons appear only once the page
 * runs in a browser that supports it; without JavaScript the page says so and e-mail + password
 * work as before. @simplewebauthn/browser is bundled by Vite and served from our own host.
 */
export function usePasskeySupport() {
  const supported = ref<boolean | null>(null)
  onMounted(() => {
    supported.value = browserSupportsWebAuthn()
  })
  return supported
}

/**
 * Asks the server for the ceremony's options (the challenge stays in the session). When the
 * server answers with a page instead (the password must be entered again first), goes there.
 */
export async function fetchPasskeyOptions<T>(url: string, csrfToken: string): Promise<T | null> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Accept': 'application/json', 'X-CSRF-TOKEN': csrfToken },
  })
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('application/json')) {
    window.location.assign(response.url)
    return null
  }
  const body = await response.json()
  if (!response.ok) throw new PasskeyServerError(body.message ?? '')
  return body as T
}

export class PasskeyServerError extends Error {}

/** The member's words for what the browser refused (cancelled, timed out, not allowed here). */
export function passkeyBrowserError(error: unknown, action: 'login' | 'registration'): string {
  if (error instanceof PasskeyServerError && error.message) return error.message
  const name = (error as { name?: string } | null)?.name
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return action === 'login'
      ? 'パスキーでのログインが取り消されたか、時間切れになりました。もう一度お試しいただくか、メールアドレスとパスワードでログインしてください。'
      : 'パスキーの登録が取り消されたか、時間切れになりました。もう一度お試しください。'
  }
  if (name === 'InvalidStateError') return 'この端末のパスキーはすでに登録されています。'
  return action === 'login'
    ? 'パスキーでログインできませんでした。メールアドレスとパスワードでログインしてください。'
    : 'パスキーを登録できませんでした。もう一度お試しください。'
}
