import type MemberAccount from '#models/member_account'
import MemberPasskey from '#models/member_passkey'
import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * The member's own passkeys: listed, renamed, removed. Only the member's own rows are touched
 * (another member's id answers as not found). Removing the last passkey is allowed: the
 * password always stays, so nobody is locked out.
 */
export type PasskeyChangeOutcome =
  { ok: true; passkey: MemberPasskey } | { ok: false; reason: 'not_found' }

export function passkeysOf(account: MemberAccount) {
  return MemberPasskey.query()
    .where('member_account_id', account.id)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
}

/** One of the account's own passkeys, or null (another member's id is simply not found). */
function ownPasskey(account: MemberAccount, passkeyId: number, trx: TransactionClientContract) {
  return MemberPasskey.query({ client: trx })
    .where('id', passkeyId)
    .where('member_account_id', account.id)
    .first()
}

export async function renamePasskey(input: {
  account: MemberAccount
  passkeyId: number
  name: string
  origin: RequestOrigin
}): Promise<PasskeyChangeOutcome> {
  return transaction(async (trx) => {
    const passkey = await ownPasskey(input.account, input.passkeyId, trx)
    if (!passkey) return { ok: false, reason: 'not_found' } as const
    const before = passkey.name
    passkey.name = input.name
    await passkey.useTransaction(trx).save()
    await recordAudit(
      {
        action: 'member.passkey.rename',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: input.account.id,
        memberId: input.account.memberId,
        origin: input.origin,
        details: { passkeyId: passkey.id, before, after: input.name },
      },
      trx
    )
    return { ok: true, passkey } as const
  })
}

export async function removePasskey(input: {
  account: MemberAccount
  passkeyId: number
  origin: RequestOrigin
}): Promise<PasskeyChangeOutcome> {
  return transaction(async (trx) => {
    const passkey = await ownPasskey(input.account, input.passkeyId, trx)
    if (!passkey) return { ok: false, reason: 'not_found' } as const
    await passkey.useTransaction(trx).delete()
    await recordAudit(
      {
        action: 'member.passkey.remove',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: input.account.id,
        memberId: input.account.memberId,
        origin: input.origin,
        details: { passkeyId: passkey.id, name: passkey.name },
      },
      trx
    )
    return { ok: true, passkey } as const
  })
}
