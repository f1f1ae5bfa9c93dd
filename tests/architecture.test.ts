import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** Every import of a source text: its specifier and whether it is `import type` only. */
function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => ({
    spec: m[2]!,
    typeOnly: Boolean(m[1]),
  }))
}

/** A relative import resolved to the file it names (`src/store/database.ts`). */
const resolve = (file: string, spec: string) => normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts')

const CORE = /^src\/(domain|parse|commands|rules|text)\//
/** What each core layer may import (relative imports), types and values alike. */
const MAY_IMPORT: [RegExp, RegExp, string][] = [
  [/^src\/(domain|parse)\//, /^src\/(domain|parse|text)\/|^src\/clock\.ts$/, 'domain/ and parse/ import nothing above them'],
  [/^src\/text\//, /^src\/(domain|text)\//, 'text/ imports only the words it names'],
  [
    /^src\/commands\//,
    /^src\/(domain|parse|text|commands)\/|^src\/clock\.ts$/,
    'commands/ never import store/, bot/, sandbox/, cli/, app/ or rules/',
  ],
  [
    /^src\/rules\//,
    /^src\/(domain|parse|text|rules)\/|^src\/clock\.ts$/,
    'rules/ never import commands/, store/, bot/, sandbox/, cli/ or app/',
  ],
]

/** The layering violations in a set of files (path → text). */
export function violations(sources: Map<string, string>): string[] {
  const out: string[] = []
  for (const [file, text] of sources) {
    for (const { spec, typeOnly } of importsOf(text)) {
      if (CORE.test(file) && !typeOnly && /^(wechaty|wechaty-puppet.*|drizzle-orm.*|better-sqlite3|node-cron|pino)$/.test(spec))
        out.push(`${file} imports ${spec}`)
      if (
        /^(wechaty|wechaty-puppet-service|wechaty-puppet-mock|node-cron)$/.test(spec) &&
        !typeOnly &&
        !/^src\/(bot|sandbox)\/|^src\/(main|cron)\.ts$/.test(file)
      ) {
        out.push(`${file} imports ${spec} outside src/bot and src/sandbox`)
      }
      if (/^(drizzle-orm.*|better-sqlite3)$/.test(spec) && !file.startsWith('src/store/'))
        out.push(`${file} imports ${spec} outside src/store`)
      if (!spec.startsWith('.')) continue
      const target = resolve(file, spec)
      for (const [from, allowed, why] of MAY_IMPORT)
        if (from.test(file) && !allowed.test(target)) out.push(`${file} imports ${target}: ${why}`)
    }
    // A Date of an injected instant is fine; reading the wall clock (Date.now(), new Date()) is not.
    if (CORE.test(file) && /Date\.now\(|new Date\(\)|process\.env/.test(text)) out.push(`${file} reads the wall clock or the environment`)
  }
  return out
}

/** Chinese characters in string literals, template literals or regular expressions outside comments. */
function chineseLiterals(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
  return code.split('\n').filter((line) => /[\u4e00-\u9fff]/.test(line))
}

/** Where Chinese may be written: the text modules, the parsers and the lexicon (what users type), the demo community's data. */
const CHINESE_ALLOWED = /^src\/(text|parse)\/|^src\/domain\/lexicon\.ts$|^src\/sandbox\/demo-community\.ts$/

const read = (list: string[]) => new Map(list.map((f) => [f, readFileSync(f, 'utf8')]))

describe('architecture', () => {
  const all = read(files('src'))

  it('keeps the layers: a pure core, wechaty and node-cron in src/bot and src/sandbox, drizzle and sqlite in src/store', () => {
    expect([...all.keys()].filter((f) => CORE.test(f)).length).toBeGreaterThan(30)
    expect(violations(all)).toEqual([])
  })

  it('catches a core file importing the store, a rule importing a command, and a wall-clock read', () => {
    const planted = new Map([
      ['src/domain/planted.ts', "import { openDatabase } from '../store/database.js'\n"],
      ['src/commands/planted.ts', "import type { Repos } from '../store/repos.js'\n"],
      ['src/rules/planted.ts', "import { report } from '../commands/resident.js'\n"],
      ['src/parse/planted.ts', "import { ladder } from '../rules/case-ladder.js'\n"],
      ['src/text/planted.ts', "import { fileCase } from '../commands/resident.js'\n"],
      ['src/domain/clocked.ts', 'export const now = () => Date.now()\n'],
      ['src/commands/wechaty.ts', "import { WechatyBuilder } from 'wechaty'\n"],
    ])
    expect(violations(planted)).toEqual([
      'src/domain/planted.ts imports src/store/database.ts: domain/ and parse/ import nothing above them',
      'src/commands/planted.ts imports src/store/repos.ts: commands/ never import store/, bot/, sandbox/, cli/, app/ or rules/',
      'src/rules/planted.ts imports src/commands/resident.ts: rules/ never import commands/, store/, bot/, sandbox/, cli/ or app/',
      'src/parse/planted.ts imports src/rules/case-ladder.ts: domain/ and parse/ import nothing above them',
      'src/text/planted.ts imports src/commands/resident.ts: text/ imports only the words it names',
      'src/domain/clocked.ts reads the wall clock or the environment',
      'src/commands/wechaty.ts imports wechaty',
      'src/commands/wechaty.ts imports wechaty outside src/bot and src/sandbox',
    ])
  })

  it('writes user-facing Chinese only in the text modules (and what users type in the parsers)', () => {
    const found = [...all]
      .filter(([f]) => !CHINESE_ALLOWED.test(f))
      .flatMap(([f, text]) => chineseLiterals(text).map((l) => `${f}: ${l.trim()}`))
    expect(found).toEqual([])
  })
})
