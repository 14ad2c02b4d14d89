/*
| JavaScript entrypoint for running ace commands. It registers the TypeScript
| loader and then imports the "bin/console.ts" file.
*/
import 'ts-node-maintained/register/esm'

await import('./bin/console.js')
