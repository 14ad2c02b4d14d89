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
