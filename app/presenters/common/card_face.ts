import type Member from '#models/member'
import type { MemberCategory } from '#models/member'

/**
 * What the plastic membership card shows: the digital card (member/card) and the card check
 * (public/card_check) show the same five items from this one function, so the public page can
 * never show more than the card in the member's hand. `member.affiliation` must be loaded.
 */
export interface CardFace {
  name: string
  nameKana: string
  memberNumber: string
  affiliation: string
  category: string
}

const CATEGORY_LABELS: Record<MemberCategory, string> = { active: '現職', retired: '退職' }

export function presentCardFace(member: Member): CardFace {
  return {
    name: member.name,
    nameKana: member.nameKana,
    memberNumber: member.memberNumber,
    affiliation: member.affiliation?.name ?? '未登録',
    category: CATEGORY_LABELS[member.category] ?? member.category,
  }
}
