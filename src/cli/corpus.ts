import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CATEGORIES, type Category } from '../domain/types.js'

/** A corpus label: one of the seven categories, or `none` for a message that must not become a case. */
export type Label = Category | 'none'
export const LABELS: readonly Label[] = [...CATEGORIES, 'none']

/** One labelled message of corpus/*.tsv (`split<TAB>label<TAB>text`). */
export interface Example {
  file: string
  line: number
  split: 'train' | 'eval'
  label: Label
  text: string
}

export const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url))

/** Every labelled message of the corpus, in file and line order; throws on a malformed line. */
export function readCorpus(dir = CORPUS_DIR): Example[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((row, i) => ({ row, line: i + 1 }))
        .filter(({ row }) => row.trim() !== '')
        .map(({ row, line }) => {
          const [split, label, text, ...extra] = row.split('\t')
          if (extra.length || (split !== 'train' && split !== 'eval') || !LABELS.includes(label as Label) || !text?.trim()) {
            throw new Error(`${file}:${line}: expected split<TAB>label<TAB>text, got ${JSON.stringify(row.slice(0, 80))}`)
          }
          return { file, line, split, label: label as Label, text: text.trim() }
        }),
    )
}
