/** A refusal the clerk reads: the batch's state, the lock or the kind does not allow it now. */
export class ImportRefusedError extends Error {}

/**
 * The runner's batch is no longer its own: recovery failed it (its heartbeat looked stale).
 * The runner stops without touching the batch, and never publishes it.
 */
export class BatchTakenOverError extends Error {
  constructor(batchId: number) {
    super(`import batch ${batchId} was failed by recovery while its runner was working`)
  }
}
