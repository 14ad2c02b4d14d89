/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/**
 * Runs axe-core in the page (injected from node_modules, nothing fetched) and
 * returns the serious and critical WCAG 2.x A/AA violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Inertia's progress bar (NProgress, role="bar") shows while a slow visit loads: audit the
  // page once the visit has finished, not the loading indicator.
  await page.waitForSelector('#nprogress', { state: 'detached', timeout: 15_000 })
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe
    // Inertia's transient progress bar (#nprogress, role="bar") appears on slow visits; it is the
    // library's markup, gone a moment later, and would make the check depend on machine load.
    const result = await axe.run(
      { include: [document], exclude: [['#nprogress']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }
    )
    return result.violations as AxeViolation[]
  })
  return violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
}

export function describeViolations(violations: AxeViolation[]) {
  return violations
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`
    )
    .join('\n')
}
