import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Multipart } from '@adonisjs/core/bodyparser'
import { ensureImportsDirectory, importsDirectory } from '#imports/run/stored_files'
import { IMPORT_UPLOAD_LIMIT } from '#validators/staff/import_upload'

export interface ReceivedUpload {
  storedFileName: string
  /** The file part as written: absent when the form had none. */
  file: { name: string; size: number; sha256: string } | null
  /** Deletes what was written (the upload is refused). */
  discard(): Promise<void>
}

/**
 * Streams the upload's `file` part to tmp/imports under a server-generated name, hashed on the
 * way (a 200 MB file is never held in memory). Null when nothing could be received: the body
 * is not multipart (a script, a broken client), or is over the limit or cut off.
 */
export async function receiveUpload(
  multipart: Multipart | undefined
): Promise<ReceivedUpload | null> {
  await ensureImportsDirectory()
  const storedFileName = `${randomUUID()}.csv`
  const target = join(importsDirectory(), storedFileName)
  const discard = () => rm(target, { force: true })
  if (!multipart) return null
  let file: ReceivedUpload['file'] = null
  multipart.onFile('file', {}, async (part, reporter) => {
    const hash = createHash('sha256')
    let size = 0
    const tap = new Transform({
      transform(chunk, _encoding, callback) {
        hash.update(chunk)
        size += chunk.length
        reporter(chunk)
        callback(null, chunk)
      },
    })
    await pipeline(part, tap, createWriteStream(target))
    file = { name: part.file.clientName, size, sha256: hash.digest('hex') }
    return { filePath: target }
  })
  try {
    await multipart.process({ limit: IMPORT_UPLOAD_LIMIT })
  } catch {
    await discard()
    return null
  }
  return { storedFileName, file, discard }
}
