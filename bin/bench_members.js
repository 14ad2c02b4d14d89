/*
| `npm run bench:members -- [--members 50000] [--db sqlite|pg] [--runner dev|build]`: creates a
| throw-away database, runs `node ace members:bench` against it (see commands/members_bench.ts)
| and drops it afterwards. BENCH_PG_PREFIX names the PostgreSQL database.
*/
import { benchmarkEnv, runOnThrowAwayDatabase } from './bench_env.js'

const name = `${process.env.BENCH_PG_PREFIX || 'coop_bench_members'}_${process.pid}`
runOnThrowAwayDatabase('members:bench', process.argv.slice(2), name, benchmarkEnv())
