import logger from '@adonisjs/core/services/logger'
import { recoverInterruptedImports } from '#imports/run/recovery'

/**
 * How often each web instance looks for imports whose runner died (recoverInterruptedImports
 * in 'sweep' mode). A killed runner's batch is failed, and its month free again, at most
 * STALE_AFTER_MS + this (+ the jitter) after its last heartbeat: about 1.5 minutes.
 * IMPORT_RECOVERY_INTERVAL_MS overrides it (the real-server tests sweep every 2 s).
 */
export const RECOVERY_INTERVAL_MS = 60_000
/** Each wait is the interval ± this share, so instances started together drift apart. */
export const RECOVERY_JITTER = 0.25

export function recoveryIntervalMs(): number {
  const configured = Number(process.env.IMPORT_RECOVERY_INTERVAL_MS)
  return Number.isFinite(configured) && configured > 0 ? configured : RECOVERY_INTERVAL_MS
}

export interface RecoverySweep {
  stop(): void
  /** False: the timer never keeps the process alive (tests assert it). */
  timerHoldsProcess(): boolean
}

/**
 * Starts the periodic sweep: one run at a time, the next one scheduled after the previous
 * finished (a slow database never stacks sweeps up). Several instances may sweep at the same
 * moment: the sweep fails a batch with one conditional update, so only one of them wins.
 */
export function startRecoverySweep(
  options: { intervalMs?: number; run?: () => Promise<number[]> } = {}
): RecoverySweep {
  const intervalMs = options.intervalMs ?? recoveryIntervalMs()
  const run = options.run ?? (() => recoverInterruptedImports('sweep'))
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const schedule = () => {
    if (stopped) return
    const wait = intervalMs * (1 - RECOVERY_JITTER + Math.random() * 2 * RECOVERY_JITTER)
    timer = setTimeout(tick, wait)
    timer.unref()
  }

  const tick = async () => {
    try {
      // recoverInterruptedImports logs each batch it fails.
      await run()
    } catch (error) {
      logger.error({ err: error }, 'import recovery sweep failed; trying again later')
    }
    schedule()
  }

  schedule()
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
    timerHoldsProcess() {
      return timer?.hasRef() ?? false
    },
  }
}
