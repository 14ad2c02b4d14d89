/*
| `npm run bench:import -- --rows N --db sqlite|pg`: creates a throw-away database, then runs
| `node ace import:bench` against it (see commands/import_bench.ts) and drops it afterwards.
| BENCH_PG_PREFIX names the PostgreSQL database (default coop_bench).
*/
import { benchmarkEnv, runOnThrowAwayDatabase } from './bench_env.js'

const name = `${process.env.BENCH_PG_PREFIX || 'coop_bench'}_${process.pid}`
runOnThrowAwayDatabase('import:bench', process.argv.slice(2), name, benchmarkEnv())
