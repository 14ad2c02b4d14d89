import QRCode from 'qrcode'
import type MemberAccount from '#models/member_account'
import { cardAvailability, issueCardToken } from '#domain/members/membership_card'
import { BUSINESS_ZONE, nowInJapan } from '#domain/common/clock'
import { formatJapaneseDate, formatJapaneseDateTimeSeconds } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { presentCardFace, type CardFace } from '#presenters/common/card_face'
import { portalUrl } from '#mails/portal_url'
import { routeUrl } from '#services/named_routes'

/** What the デジタル組合員証 page and its QR refresh receive. `account.member` (with affiliation) must be loaded. */

export interface CardQr {
  /** The signed token (MC1.…), part of `url`. */
  token: string
  /**
   * What the code holds (what a phone camera opens): the card check page of this site
   * (APP_URL-based, as links in mails) with the signed token in its path.
   */
  url: string
  /** Inline SVG made on the server by the qrcode package (no script, no external image). */
  svg: string
  expiresAt: string
  expiresAtLabel: string
  /** Seconds until the page should ask for a new code (a minute before expiry). */
  refreshInSeconds: number
}

export interface MembershipCardProps {
  coopName: string
  phone: string
  /** Null once the refund date has come (withdrawn): the page explains instead. */
  card:
    | (CardFace & {
        joinedOn: string
        /** Set while a withdrawal's refund is pending: the card stays valid until then. */
        refundOn: string | null
        qr: CardQr
        now: string
        nowLabel: string
      })
    | null
  endedOn: string | null
}

/** The absolute URL of the card check page for a signed token. */
export function cardCheckUrl(token: string): string {
  return portalUrl(routeUrl('public.card_check.show', { token }))
}

export async function presentCardQr(memberNumber: string): Promise<CardQr> {
  const issued = issueCardToken(memberNumber)
  const url = cardCheckUrl(issued.token)
  const svg = await QRCode.toString(url, {
    type: 'svg',
    margin: 2,
    errorCorrectionLevel: 'M',
  })
  const lifetime = issued.expiresAt.toSeconds() - issued.issuedAt.toSeconds()
  return {
    token: issued.token,
    url,
    svg: svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" '),
    expiresAt: issued.expiresAt.toISO()!,
    expiresAtLabel: issued.expiresAt.setZone(BUSINESS_ZONE).toFormat('H時mm分ss秒'),
    refreshInSeconds: Math.max(30, lifetime - 60),
  }
}

export async function presentMembershipCard(account: MemberAccount): Promise<MembershipCardProps> {
  const member = account.member
  const availability = cardAvailability(member)
  const base = { coopName: COOP.name, phone: COOP.phone }
  if (!availability.available) {
    return { ...base, card: null, endedOn: formatJapaneseDate(availability.refundOn) }
  }
  const now = nowInJapan()
  return {
    ...base,
    endedOn: null,
    card: {
      ...presentCardFace(member),
      joinedOn: formatJapaneseDate(member.joinedOn),
      refundOn: availability.refundOn ? formatJapaneseDate(availability.refundOn) : null,
      qr: await presentCardQr(member.memberNumber),
      now: now.toISO()!,
      nowLabel: formatJapaneseDateTimeSeconds(now),
    },
  }
}
