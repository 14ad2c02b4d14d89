import type { Page } from 'playwright'

/**
 * The page does not scroll sideways at its viewport width (member pages: 360 px). On failure the
 * message names the elements that stick out, which is what one needs to fix it.
 */
export async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth
    const offenders = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > viewport + 1)
      .slice(0, 5)
      .map((element) => {
        const text = (element.textContent ?? '').trim().slice(0, 30)
        return `<${element.tagName.toLowerCase()} class="${element.className}"> ${text}`
      })
    return { scrollWidth: document.documentElement.scrollWidth, viewport, offenders }
  })
}

export async function assertNoHorizontalScroll(
  page: Page,
  assert: { isAtMost(actual: number, expected: number, message?: string): void },
  what = page.url()
) {
  const { scrollWidth, viewport, offenders } = await horizontalOverflow(page)
  assert.isAtMost(scrollWidth, viewport, `${what} scrolls sideways: ${offenders.join(' | ')}`)
}

/**
 * Table cells whose text, or a number/date/amount inside it, is broken over two lines (a
 * "1,23 / 4円" or "反映 / 済み" at desk width). Cells marked `data-wrap` hold free text (file
 * names, messages, details) and may wrap between words; numbers inside them still must not.
 * `shortCell`: a cell whose whole text is at most this many characters must be one line.
 */
export async function wrappedTableTokens(page: Page, selector = 'table', shortCell = 16) {
  return page.evaluate(
    ({ selector: tableSelector, shortCell: limit }) => {
      // Numbers (not digits inside a hash or a file name), amounts, dates with time.
      const tokenPattern =
        /(?<![0-9A-Za-z_])(?:\d{4}年\d{1,2}月\d{1,2}日(?:\s\d{1,2}:\d{2})?|[−\-+]?\d[\d,]*(?:\.\d+)?(?:円|件|行|人|口|%)?)(?![0-9A-Za-z_])/g
      // Rects on one line overlap vertically (a smaller badge sits lower but on the same line).
      const lineCount = (range: Range) => {
        const rects = Array.from(range.getClientRects())
          .filter((rect) => rect.width > 0)
          .sort((a, b) => a.top - b.top)
        let count = 0
        let bottom = Number.NEGATIVE_INFINITY
        for (const rect of rects) {
          if (rect.top >= bottom - 1) count++
          bottom = Math.max(bottom, rect.bottom)
        }
        return count
      }
      const lines = (node: Node, start: number, end: number) => {
        const range = document.createRange()
        range.setStart(node, start)
        range.setEnd(node, end)
        return lineCount(range)
      }
      const broken: string[] = []
      for (const table of Array.from(document.querySelectorAll(tableSelector))) {
        for (const cell of Array.from(table.querySelectorAll('td, th')) as HTMLElement[]) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
          const text = (cell.textContent ?? '').trim()
          const whole = !cell.hasAttribute('data-wrap') && text.length > 0 && text.length <= limit
          const wholeRange = document.createRange()
          wholeRange.selectNodeContents(cell)
          if (whole) {
            if (lineCount(wholeRange) > 1) broken.push(`「${text}」`)
            continue
          }
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const value = node.textContent ?? ''
            for (const match of value.matchAll(tokenPattern)) {
              if (lines(node, match.index!, match.index! + match[0].length) > 1) {
                broken.push(`「${match[0]}」 in 「${text.slice(0, 40)}」`)
              }
            }
          }
        }
      }
      return broken
    },
    { selector, shortCell }
  )
}

/** Cells holding an amount (…円) whose computed text-align is not right. */
export async function moneyCellsNotRightAligned(page: Page, selector = 'table') {
  return page.evaluate((tableSelector) => {
    return Array.from(document.querySelectorAll(`${tableSelector} td`))
      .filter((cell) => /^[−\-+]?[\d,]+円$/.test((cell.textContent ?? '').trim()))
      .filter((cell) => getComputedStyle(cell).textAlign !== 'right')
      .map((cell) => (cell.textContent ?? '').trim())
  }, selector)
}

/**
 * Cells holding an amount whose text does not end at the cell's right edge (less its padding):
 * text-align can say right while the figure sits on the left, e.g. a flex cell whose value
 * wrapped under its label.
 */
export async function moneyCellsNotFlushRight(page: Page, selector = 'table') {
  return page.evaluate((tableSelector) => {
    return (
      Array.from(document.querySelectorAll(`${tableSelector} td`))
        .filter((cell) => /^[−\-+]?[\d,]+円$/.test((cell.textContent ?? '').trim()))
        // Nothing to see in a visually hidden table (the chart's figures for screen readers).
        .filter((cell) => !cell.closest('.visually-hidden'))
        .filter((cell) => {
          const range = document.createRange()
          range.selectNodeContents(cell)
          const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0)
          if (rects.length === 0) return false
          const textRight = Math.max(...rects.map((rect) => rect.right))
          const box = cell.getBoundingClientRect()
          const style = getComputedStyle(cell)
          const contentRight =
            box.right -
            Number.parseFloat(style.paddingRight) -
            Number.parseFloat(style.borderRightWidth)
          return Math.abs(contentRight - textRight) > 2
        })
        .map((cell) => (cell.textContent ?? '').trim())
    )
  }, selector)
}
