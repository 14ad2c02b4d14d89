import { test } from '@japa/runner'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { AUDIT_ACTION_LABELS } from '#domain/audit/audit_actions'

/**
 * Issue 9, defect 13 e: the audit log showed raw codes (member.password_change) where an
 * action had no Japanese label. Every action code the application records has one.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Audit codes written in the source: quoted `area.subject[.verb]` strings near `action`. */
function recordedActionCodes(): string[] {
  const codes = new Set<string>()
  for (const file of sourceFiles(app.makePath('app'))) {
    const text = readFileSync(file, 'utf8')
    if (!/recordAudit|action/.test(text)) continue
    for (const match of text.matchAll(
      /(?:action\s*[:=][^'`]{0,80}|audit\w*\([^'`]{0,40})'((?:member|staff|import|system)\.[a-z_.]+)'/g
    )) {
      codes.add(match[1])
    }
    for (const match of text.matchAll(
      /\?\s*'((?:member|staff|import)\.[a-z_.]+)'\s*:\s*'((?:member|staff|import)\.[a-z_.]+)'/g
    )) {
      codes.add(match[1])
      codes.add(match[2])
    }
  }
  // password_login.ts writes `${area}.login`.
  codes.add('member.login')
  codes.add('staff.login')
  return [...codes].sort()
}

test.group('Audit action labels', () => {
  test('every recorded action code has a Japanese label', ({ assert }) => {
    const codes = recordedActionCodes()
    assert.isAbove(codes.length, 40)
    const missing = codes.filter((code) => !(code in AUDIT_ACTION_LABELS))
    assert.deepEqual(missing, [])
    for (const code of codes) {
      assert.match(
        AUDIT_ACTION_LABELS[code as keyof typeof AUDIT_ACTION_LABELS],
        /[ぁ-んァ-ヶ一-龯]/
      )
    }
  })
})
