import { test } from '@japa/runner'
import { DuplicateLineFilter } from '#imports/duplicate_filter'

/** The filter that picks the candidates of the exact duplicate check (app/imports/write.ts). */
const row = (i: number) => ({
  lineDate: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
  category: i % 2 ? '食品' : '日用品',
  itemName: `品名 ${i}`,
  quantity: 1 + (i % 3),
  unitPrice: 100 + i,
  amount: (100 + i) * (1 + (i % 3)),
  taxRate: i % 2 ? 8 : 10,
})

test.group('Imports: duplicate line filter', () => {
  test('every repeated key is a candidate; new keys almost never are', ({ assert }) => {
    const filter = new DuplicateLineFilter({ filterBytes: 8 * 1024 * 1024, maxCandidates: 1000 })
    for (let i = 0; i < 200_000; i++) filter.add(1 + (i % 5000), i, row(i))
    // A few false candidates at most among 200,000 new keys.
    assert.isBelow(filter.candidateLines.length, 20)
    const before = filter.candidateLines.length
    // The same keys again (same statement): each one is a candidate, in order.
    for (let i = 0; i < 500; i++) filter.add(1 + (i % 5000), 1_000_000 + i, row(i))
    assert.deepEqual(
      filter.candidateLines.slice(before),
      Array.from({ length: 500 }, (_, i) => 1_000_000 + i)
    )
    assert.isFalse(filter.overflowed)
  })

  test('a key differing in one part (or another statement) is another key', ({ assert }) => {
    const filter = new DuplicateLineFilter({ filterBytes: 8 * 1024 * 1024, maxCandidates: 1000 })
    const base = row(1)
    filter.add(7, 1, base)
    const variants = [
      { ...base, lineDate: '2026-10-03' },
      { ...base, category: '衣料' },
      { ...base, itemName: base.itemName + ' ' },
      { ...base, quantity: base.quantity + 1 },
      { ...base, unitPrice: base.unitPrice + 4294967296 },
      { ...base, amount: -base.amount },
      { ...base, taxRate: 0 },
    ]
    variants.forEach((variant, i) => filter.add(7, 2 + i, variant))
    filter.add(8, 1, base)
    assert.deepEqual(filter.candidateLines, [])
    filter.add(7, 99, { ...base })
    assert.deepEqual(filter.candidateLines, [99])
    assert.deepEqual(filter.candidateStatements, [7])
  })

  test('a tiny filter makes false candidates; past the cap it gives up', ({ assert }) => {
    const tiny = new DuplicateLineFilter({ filterBytes: 64, maxCandidates: 100_000 })
    for (let i = 0; i < 300; i++) tiny.add(1, i, row(i))
    assert.isAbove(tiny.candidateLines.length, 100)
    const capped = new DuplicateLineFilter({ filterBytes: 64, maxCandidates: 2 })
    for (let i = 0; i < 300; i++) capped.add(1, i, row(i))
    assert.isTrue(capped.overflowed)
    assert.deepEqual(capped.candidateLines, [])
  })
})
