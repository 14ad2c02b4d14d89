/*
| `npm run bench:import -- --rows N --db sqlite|pg`: creates a throw-away database, then runs
| `node ace import:bench` against it (see commands/import_bench.ts) and drops it afterwards.
*/
import { benchmarkEnv, runOnThrowAwayDatabase } from './bench_env.js'

runOnThrowAwayDatabase('import:bench', process.argv.slice(2), `coop_bench_${process.pid}`, benchmarkEnv())
