import pino from 'pino'
import logger from '@adonisjs/core/services/logger'

/**
 * Captures every log line the application writes while `run` executes, at the most verbose
 * level. The logger service (whose children are the request loggers, ctx.logger) and the
 * default logger each hold a pino instance: both write into the capture meanwhile.
 */
export async function captureLogLines(run: () => Promise<unknown>): Promise<string[]> {
  const instances = [...new Set([(logger as any).pino, (logger.use() as any).pino])]
  const saved = instances.map((instance) => ({
    instance,
    stream: instance[pino.symbols.streamSym],
    level: instance.level,
  }))
  const lines: string[] = []
  for (const instance of instances) {
    instance[pino.symbols.streamSym] = { write: (line: string) => lines.push(line) }
    instance.level = 'trace'
  }
  try {
    await run()
  } finally {
    for (const { instance, stream, level } of saved) {
      instance[pino.symbols.streamSym] = stream
      instance.level = level
    }
  }
  return lines
}
