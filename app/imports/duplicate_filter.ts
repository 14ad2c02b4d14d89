/**
 * A fixed-size filter that tells which statement lines MAY repeat an earlier line of the file,
 * so that the exact duplicate check (in SQL, over the staged lines) looks only at those instead
 * of grouping every staged line (a sort of the whole batch: 1.2–1.8 s per 1,000,000 lines on
 * PostgreSQL, and SQLite's event loop blocked for seconds).
 *
 * It is a blocked Bloom filter over the duplicate key (statement, date, category, item,
 * quantity, unit price, amount, tax rate): a line whose key was seen before always finds all
 * its bits set (no false negative: equal values give equal hashes), while a new key does so
 * only rarely (a false positive, which the exact SQL check then clears). So the verdict is the
 * database's exact comparison, as before; the filter only decides which lines to ask about.
 *
 * Memory is fixed (FILTER_BYTES, whatever the file's size) plus at most MAX_CANDIDATES
 * candidates (two numbers each). A file with more candidates than that (many real duplicates)
 * falls back to the full GROUP BY over the batch.
 */
import type { StatementRow } from '#imports/kinds/statements'

export const duplicateFilterSettings = {
  /** 8 MiB: 2^26 bits. At 3,000,000 lines ~1 in 10,000 new lines is a false candidate. */
  filterBytes: 8 * 1024 * 1024,
  /** Beyond this many candidates, the full GROUP BY over the batch's lines is cheaper. */
  maxCandidates: 100_000,
}

/** What the filter hashes: the duplicate key of one staged line (the statement is passed apart). */
export type DuplicateKeyRow = Pick<
  StatementRow,
  'lineDate' | 'category' | 'itemName' | 'quantity' | 'unitPrice' | 'amount' | 'taxRate'
>

const BLOCK_WORDS = 16 // 512 bits: one 64-byte cache line per lookup
const BITS_PER_KEY = 8

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

/** A safe integer into a hash: its low 32 bits and the rest. */
function mixNumber(h: number, n: number, prime: number): number {
  h = Math.imul(h ^ (n | 0), prime)
  return Math.imul(h ^ (Math.floor(n / 4294967296) | 0), prime)
}

export class DuplicateLineFilter {
  readonly #bits: Int32Array
  readonly #blockMask: number
  readonly #maxCandidates: number
  /** Statement id and line number (the statement_lines index) of each candidate. */
  readonly candidateStatements: number[] = []
  readonly candidateLines: number[] = []
  /** More candidates than maxCandidates: only the full check is exact. */
  overflowed = false

  constructor(settings = duplicateFilterSettings) {
    // A power of two number of blocks.
    let blocks = 1
    while (blocks * 2 * BLOCK_WORDS * 4 <= settings.filterBytes) blocks *= 2
    this.#bits = new Int32Array(blocks * BLOCK_WORDS)
    this.#blockMask = blocks - 1
    this.#maxCandidates = settings.maxCandidates
  }

  /** Records one staged line; remembers it as a candidate when its key may have been seen. */
  add(statementId: number, lineNumber: number, row: DuplicateKeyRow) {
    // Two 32-bit hashes in one pass (FNV-1a style, two multipliers), then mixed.
    let a = Math.imul(statementId ^ 0x9e3779b9, 0x01000193)
    let b = Math.imul(statementId ^ 0x7f4a7c15, 0x5bd1e995)
    const high = Math.floor(statementId / 4294967296)
    a = Math.imul(a ^ high, 0x01000193)
    b = Math.imul(b ^ high, 0x5bd1e995)
    const text = row.lineDate
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
    }
    const category = row.category
    a = Math.imul(a ^ category.length, 0x01000193)
    b = Math.imul(b ^ category.length, 0x5bd1e995)
    for (let i = 0; i < category.length; i++) {
      const c = category.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
    }
    const item = row.itemName
    a = Math.imul(a ^ item.length, 0x01000193)
    b = Math.imul(b ^ item.length, 0x5bd1e995)
    for (let i = 0; i < item.length; i++) {
      const c = item.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
    }
    a = mixNumber(
      mixNumber(
        mixNumber(mixNumber(a, row.quantity, 0x01000193), row.unitPrice, 0x01000193),
        row.amount,
        0x01000193
      ),
      row.taxRate,
      0x01000193
    )
    b = mixNumber(
      mixNumber(
        mixNumber(mixNumber(b, row.quantity, 0x5bd1e995), row.unitPrice, 0x5bd1e995),
        row.amount,
        0x5bd1e995
      ),
      row.taxRate,
      0x5bd1e995
    )
    a = fmix(a)
    b = fmix(b ^ a) | 1
    const base = (a & this.#blockMask) * BLOCK_WORDS
    // The bit positions inside the block: double hashing over the top 9 bits.
    let position = a
    let seen = true
    const bits = this.#bits
    for (let k = 0; k < BITS_PER_KEY; k++) {
      position = (position + b) | 0
      const bit = position >>> 23
      const word = base + (bit >>> 5)
      const mask = 1 << (bit & 31)
      if ((bits[word] & mask) === 0) {
        seen = false
        bits[word] |= mask
      }
    }
    if (!seen || this.overflowed) return
    if (this.candidateLines.length >= this.#maxCandidates) {
      this.overflowed = true
      this.candidateLines.length = 0
      this.candidateStatements.length = 0
      return
    }
    this.candidateStatements.push(statementId)
    this.candidateLines.push(lineNumber)
  }
}
