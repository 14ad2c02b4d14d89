import { dictionary } from '@zxcvbn-ts/language-common'
import type { DateTime } from 'luxon'

/**
 * Password rules (SPEC security, NIST SP 800-63B style): 12 to 128 characters,
 * no composition rules (any character, spaces included), but refuse passwords
 * that are common or that contain what an attacker knows about the member:
 * the member number, the birth date and the e-mail address.
 */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

export type PasswordProblem =
  'too_short' | 'too_long' | 'common' | 'member_number' | 'birth_date' | 'email'

export interface PasswordContext {
  memberNumber?: string | null
  birthDate?: DateTime | null
  email?: string | null
}

export type PasswordCheck = { ok: true } | { ok: false; problem: PasswordProblem; message: string }

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `パスワードは${MIN_PASSWORD_LENGTH}文字以上で入力してください。覚えやすい言葉をいくつか組み合わせると、長くても覚えやすくなります。`,
  too_long: `パスワードは${MAX_PASSWORD_LENGTH}文字以内で入力してください。`,
  common:
    'このパスワードはよく使われていて推測されやすいため、使えません。ほかの人が思いつかない言葉の組み合わせにしてください。',
  member_number: 'パスワードに組合員番号を含めることはできません。別のパスワードにしてください。',
  birth_date: 'パスワードに生年月日を含めることはできません。別のパスワードにしてください。',
  email: 'パスワードにメールアドレスを含めることはできません。別のパスワードにしてください。',
}

let commonPasswords: Set<string> | null = null

function common(): Set<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()))
  return commonPasswords
}

/** Length in characters as a person counts them (an emoji or 髙 is one). */
function characterCount(value: string) {
  return [...value].length
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase()
  if (common().has(lower)) return true
  // "password12345!" is "password" with a guessable tail.
  const stem = lower.replace(/[\d\W_]+$/u, '')
  if (stem.length >= 6 && stem !== lower && common().has(stem)) return true
  // One character repeated ("aaaaaaaaaaaa", "111111111111").
  return /^(.)\1*$/u.test(lower)
}

function birthDateForms(birthDate: DateTime): string[] {
  return [birthDate.toFormat('yyyyMMdd'), birthDate.toFormat('yyMMdd'), birthDate.toFormat('MMdd')]
}

export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  const refuse = (problem: PasswordProblem): PasswordCheck => ({
    ok: false,
    problem,
    message: MESSAGES[problem],
  })
  const length = characterCount(password)
  if (length < MIN_PASSWORD_LENGTH) return refuse('too_short')
  if (length > MAX_PASSWORD_LENGTH) return refuse('too_long')

  const normalised = password.normalize('NFKC').toLowerCase()
  // Digits only, so "1234-567" or "19800401" with separators are still found.
  const digits = normalised.replace(/[^0-9]/g, '')

  if (isCommon(normalised)) return refuse('common')

  const memberNumber = context.memberNumber?.normalize('NFKC').replace(/[^0-9]/g, '')
  if (memberNumber && digits.includes(memberNumber)) return refuse('member_number')

  if (
    context.birthDate &&
    birthDateForms(context.birthDate).some((form) => digits.includes(form))
  ) {
    return refuse('birth_date')
  }

  const email = context.email?.trim().toLowerCase()
  if (email) {
    const localPart = email.split('@')[0]
    if (normalised.includes(email) || (localPart.length >= 3 && normalised.includes(localPart))) {
      return refuse('email')
    }
  }
  return { ok: true }
}

export function passwordProblemMessage(problem: PasswordProblem) {
  return MESSAGES[problem]
}
