import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!)
  .concat([...readFileSync(file, 'utf8').matchAll(/^import\s+type\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => `type:${m[1]!}`))

describe('architecture', () => {
  const core = ['src/domain', 'src/parse', 'src/commands', 'src/rules'].flatMap((d) => {
    try {
      return files(d)
    } catch {
      return []
    }
  })

  it('keeps the core pure: no wechaty, drizzle, sqlite, node-cron or pino, no wall clock, no environment', () => {
    expect(core.length).toBeGreaterThan(10)
    for (const file of core) {
      const text = readFileSync(file, 'utf8')
      for (const spec of imports(file).filter((s) => !s.startsWith('type:'))) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(wechaty|wechaty-puppet.*|drizzle-orm.*|better-sqlite3|node-cron|pino)$/)
      }
      // A Date of an injected instant is fine; reading the wall clock (Date.now(), new Date()) is not.
      expect(text, file).not.toMatch(/Date\.now\(|new Date\(\)|process\.env/)
    }
  })

  it('imports wechaty and node-cron only in src/bot and src/sandbox, drizzle and sqlite only in src/store', () => {
    for (const file of files('src')) {
      for (const spec of imports(file).filter((s) => !s.startsWith('type:'))) {
        if (/^(wechaty|wechaty-puppet-service|wechaty-puppet-mock|node-cron)$/.test(spec) && !file.startsWith('src/main.ts')) {
          expect(file, `${file} imports ${spec}`).toMatch(/^src\/(bot|sandbox)\//)
        }
        if (/^(drizzle-orm.*|better-sqlite3)$/.test(spec)) expect(file, `${file} imports ${spec}`).toMatch(/^src\/store\//)
      }
    }
  })
})
