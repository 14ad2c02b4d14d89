/** Rows an update changed: better-sqlite3 answers a number, pg an array with the count first. */
export function affectedRows(updated: unknown): number {
  return Number(Array.isArray(updated) ? updated[0] : updated)
}
