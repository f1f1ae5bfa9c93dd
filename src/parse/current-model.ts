import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkModel, type Model } from './classifier.js'

/** The model shipped in the repo, trained from the corpus's training split (`npm run train`). */
export const SHIPPED_MODEL_FILE = fileURLToPath(new URL('../../models/category-model.json', import.meta.url))

let current: { model: Model; file: string } | undefined

/** Reads and checks a model file; throws with the reason when it is not one. */
export function readModelFile(file: string): Model {
  return checkModel(JSON.parse(readFileSync(file, 'utf8')))
}

/**
 * The model intake reads with: the one last put in use, else the shipped one (read once, on first use). This is the
 * parser's one piece of state, so a retrained model can replace it without a restart.
 */
export function currentModel(): Model {
  current ??= { model: readModelFile(SHIPPED_MODEL_FILE), file: SHIPPED_MODEL_FILE }
  return current.model
}

/** Where the model in use came from. */
export function currentModelFile(): string {
  currentModel()
  return current!.file
}

/** Puts a model in use (at start, and when `gridbot train` wrote a new one). */
export function useModel(model: Model, file: string): void {
  current = { model, file }
}
