import { statSync } from 'node:fs'
import type { App } from '../app/host.js'
import type { Logger } from '../logger.js'
import { currentModelFile, readModelFile, SHIPPED_MODEL_FILE, useModel } from '../parse/current-model.js'

/** Checks for a retrained model this often (`gridbot train` says the bot picks it up within a minute). */
export const MODEL_CHECK_CRON = '* * * * *'

/**
 * Puts the model at `file` in use when it is new or changed since `seen` (its mtime); a file that is missing keeps
 * the model in use (the shipped one until the first `gridbot train`), one that does not read keeps it too and is
 * logged. Returns the mtime now seen.
 */
export function loadModelIfChanged(file: string, seen: number | undefined, log: Logger): number | undefined {
  let mtime: number
  try {
    mtime = statSync(file).mtimeMs
  } catch {
    return seen
  }
  if (mtime === seen) return seen
  try {
    const model = readModelFile(file)
    useModel(model, file)
    log.info({ file, trainedAt: model.trainedAt, examples: model.examples, corrections: model.corrections }, 'category model in use')
  } catch (err) {
    log.warn(
      { file, err: err instanceof Error ? err.message : String(err), using: currentModelFile() },
      'category model file not usable, kept the one in use',
    )
  }
  return mtime
}

/** Understanding residents: the model `gridbot train` writes is put in use at start and within a minute of each retrain. */
export function understanding(app: App): void {
  let seen: number | undefined
  app.job({
    id: 'model-reload',
    cron: () => MODEL_CHECK_CRON,
    atStart: true,
    run: ({ config, log }) => {
      seen = loadModelIfChanged(config.modelFile, seen, log)
      return { using: currentModelFile() === SHIPPED_MODEL_FILE ? 'shipped' : currentModelFile() }
    },
  })
}
