/*
| The .env of the quick start (`npm start`), as plain JavaScript so it runs before anything
| is compiled. Given the text of .env (a fresh copy of .env.example, or the file an earlier
| `npm start` wrote), returns what to write back and what was changed:
| - an APP_KEY is generated when it is empty;
| - the line `APP_URL=http://localhost:3333` that .env.example used to carry is commented
|   out: with it, `PORT=4000 npm start` mailed links to port 3333. Without APP_URL, links
|   follow PORT (app/mails/portal_url.ts). Any other APP_URL is the owner's and is kept.
*/
const OLD_TEMPLATE_APP_URL = /^APP_URL=http:\/\/localhost:3333\/?[ \t]*$/m

/**
 * @param {string} text the current .env
 * @param {() => string} newKey makes an APP_KEY
 * @returns {{ text: string, changes: string[] }}
 */
export function quickStartEnv(text, newKey) {
  const changes = []
  let result = text
  if (!/^APP_KEY=\S+/m.test(result)) {
    const key = newKey()
    result = /^APP_KEY=/m.test(result)
      ? result.replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`)
      : `${result.replace(/\n?$/, '\n')}APP_KEY=${key}\n`
    changes.push('Generated APP_KEY in .env')
  }
  if (OLD_TEMPLATE_APP_URL.test(result)) {
    result = result.replace(
      OLD_TEMPLATE_APP_URL,
      '# APP_URL=http://localhost:3333 (commented out by npm start: without APP_URL, links follow PORT)'
    )
    changes.push('Commented out APP_URL=http://localhost:3333 in .env (links now follow PORT)')
  }
  return { text: result, changes }
}
