import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { JSONTransport } from '@adonisjs/mail/transports/json'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

/**
 * The quick-start mail transport: with no SMTP server configured, every mail
 * is kept as a JSON file under tmp/mailbox and listed at /dev/mailbox, so a new
 * user can follow registration and password-reset links. Never used in
 * production (config/mail.ts refuses to start without SMTP there).
 */
/** Where the quick-start mailbox lives: MAILBOX_DIR, or tmp/mailbox (two servers on one clone need their own). */
export function mailboxDirectory(): string {
  return env.get('MAILBOX_DIR') ?? app.tmpPath('mailbox')
}

export interface StoredMail {
  id: string
  sentAt: string
  from: string
  to: string[]
  subject: string
  html: string | null
  text: string | null
}

type Address = string | { address: string; name?: string }

function addressList(value: unknown): string[] {
  if (!value) return []
  const list = (Array.isArray(value) ? value : [value]) as Address[]
  return list.map((entry) =>
    typeof entry === 'string'
      ? entry
      : entry.name
        ? `${entry.name} <${entry.address}>`
        : entry.address
  )
}

export class MailboxTransport implements MailTransportContract {
  #json = new JSONTransport()

  constructor(private directory: string) {}

  async send(message: NodeMailerMessage) {
    const response = await this.#json.send(message)
    const stored: StoredMail = {
      id: `${Date.now()}-${randomUUID().slice(0, 8)}`,
      sentAt: new Date().toISOString(),
      from: addressList(message.from)[0] ?? '',
      to: addressList(message.to),
      subject: String(message.subject ?? ''),
      html: typeof message.html === 'string' ? message.html : null,
      text: typeof message.text === 'string' ? message.text : null,
    }
    await mkdir(this.directory, { recursive: true })
    // Written under another name, then renamed (atomic): a reader (/dev/mailbox, the tests)
    // never sees a half-written .json file.
    const target = join(this.directory, `${stored.id}.json`)
    await writeFile(`${target}.partial`, JSON.stringify(stored, null, 2))
    await rename(`${target}.partial`, target)
    return response
  }
}

export async function listMailbox(directory: string): Promise<StoredMail[]> {
  let entries: string[]
  try {
    entries = await readdir(directory)
  } catch {
    return []
  }
  const files = entries.filter((name) => name.endsWith('.json'))
  const mails = await Promise.all(
    files.map(
      async (name) => JSON.parse(await readFile(join(directory, name), 'utf8')) as StoredMail
    )
  )
  return mails.sort((a, b) => b.id.localeCompare(a.id))
}

export async function readMailboxMessage(
  directory: string,
  id: string
): Promise<StoredMail | null> {
  if (!/^[\w-]+$/.test(id)) return null
  try {
    return JSON.parse(await readFile(join(directory, `${id}.json`), 'utf8')) as StoredMail
  } catch {
    return null
  }
}
