/** ua-parser-js 1.x ships no type declarations; only what app/presenters/member/login_history.ts uses. */
declare module 'ua-parser-js' {
  interface UAParserResult {
    browser: { name?: string; version?: string; major?: string }
    os: { name?: string; version?: string }
    device: { vendor?: string; model?: string; type?: string }
  }
  export class UAParser {
    constructor(userAgent?: string)
    getResult(): UAParserResult
  }
  export default UAParser
}
