/*
| `npm run bench:reads -- --db sqlite|pg [--connections 50] [--seconds 10]`: load on the member
| and staff pages of the production build over the dataset of `npm run bench:dataset` (see
| commands/reads_bench.ts).
*/
import { datasetEnv, runAce } from './bench_env.js'

const args = process.argv.slice(2)
runAce('reads:bench', args, datasetEnv(args, { fresh: false }))
