/** proxy-addr 2.x ships no type declarations; only what app/domain/common/trusted_proxies.ts uses. */
declare module 'proxy-addr' {
  type TrustFunction = (address: string, hop: number) => boolean
  const proxyAddr: {
    compile(value: string | string[]): TrustFunction
  }
  export default proxyAddr
}
