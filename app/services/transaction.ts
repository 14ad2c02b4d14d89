import { AsyncLocalStorage } from 'node:async_hooks'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * The one way to open a database transaction (lint forbids `db.transaction`
 * elsewhere). Inside `work`, every query must go through `trx`: a query that
 * escapes it (a `load`, `related`, `find` or preload made without
 * `useTransaction(trx)`, a service that takes no transaction) fails at once
 * with an error naming it. Without this guard such a query waits forever on
 * SQLite, whose single connection the transaction holds (60 s, then a pool
 * timeout and a 500), and on PostgreSQL silently commits outside the
 * transaction. The suites' global transaction would hide both.
 */
export class QueryOutsideTransactionError extends Error {
  constructor(sql: string) {
    super(
      `A query ran outside the transaction open here (pass the transaction to it): ${sql.slice(0, 200)}`
    )
  }
}

interface OpenTransaction {
  /** knex's client of this transaction: every query inside must run on it */
  client: unknown
  open: boolean
}

const openTransaction = new AsyncLocalStorage<OpenTransaction>()
const guardedConnections = new WeakSet<object>()

function describe(query: { toString?: () => string; sql?: string }) {
  try {
    return query.sql ?? query.toString?.() ?? 'query'
  } catch {
    return 'query'
  }
}

/** Installs the checks on the connection's knex instance (once per instance). */
function guard() {
  const knex = db.connection().getWriteClient() as any
  if (guardedConnections.has(knex)) return
  guardedConnections.add(knex)

  // A real connection pool: an escaping query asks the pool for a connection.
  const client = knex.client
  const acquire = client.acquireConnection.bind(client)
  client.acquireConnection = function acquireOutsideTransaction() {
    const current = openTransaction.getStore()
    if (current?.open) {
      return Promise.reject(
        new QueryOutsideTransactionError('(a query asked the pool for a connection)')
      )
    }
    return acquire()
  }

  // Under a global test transaction no pool is asked: compare the client that runs the query.
  knex.on('start', (builder: { client: unknown }) => {
    const current = openTransaction.getStore()
    if (current?.open && builder.client !== current.client) {
      throw new QueryOutsideTransactionError(describe(builder as any))
    }
  })
}

export async function transaction<T>(
  work: (trx: TransactionClientContract) => Promise<T>,
  options?: { isolationLevel?: 'read committed' | 'repeatable read' | 'serializable' }
): Promise<T> {
  guard()
  return db.transaction(async (trx) => {
    const state: OpenTransaction = { client: (trx.knexClient as any).client, open: true }
    try {
      return await openTransaction.run(state, () => work(trx))
    } finally {
      // Work started inside and still running after (a queued mail) is not bound to it.
      state.open = false
    }
  }, options)
}
