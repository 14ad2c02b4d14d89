import type { HttpContext } from '@adonisjs/core/http'

/** `filename*` carries the Japanese name (RFC 6266); `filename` is an ASCII fallback. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Personal documents: downloaded, never cached by the browser or a proxy. */
export function sendDownload(
  response: HttpContext['response'],
  file: { filename: string; contentType: string; bytes: Buffer }
) {
  response.header('Content-Type', file.contentType)
  response.header('Content-Disposition', attachmentDisposition(file.filename))
  response.header('Cache-Control', 'no-store')
  return response.send(file.bytes)
}

export function sendPdf(response: HttpContext['response'], filename: string, bytes: Buffer) {
  return sendDownload(response, { filename, contentType: 'application/pdf', bytes })
}
