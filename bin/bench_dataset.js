/*
| `npm run bench:dataset -- --db sqlite|pg [--members 50000] [--months 12] [--runner build]`:
| builds the co-op-sized dataset that `npm run bench:reads` measures (see
| commands/dataset_build.ts) in a database kept for later runs (see datasetEnv in bench_env.js).
*/
import { datasetEnv, runAce } from './bench_env.js'

const args = process.argv.slice(2)
runAce('dataset:build', args, datasetEnv(args, { fresh: true }))
