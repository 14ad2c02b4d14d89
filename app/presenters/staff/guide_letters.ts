/** The guide-letter batch page (staff/guide_letters/index), built in its controller. */
export interface GuideLettersProps {
  from: string
  to: string
  /** Letters issued in the range; null until a range is given. */
  count: number | null
  rangeLabel: string | null
  maxLetters: number
}
