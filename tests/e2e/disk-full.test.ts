import { spawn, spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

/** A small tmpfs of our own (mount needs root, or a container that allows it); why not, when it cannot be had. */
function mountSmallDisk(sizeMb: number): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gridbot-smalldisk-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' })
  if (r.status === 0) return { dir }
  rmSync(dir, { recursive: true, force: true })
  return { reason: `mount -t tmpfs is not permitted here: ${(r.stderr || r.error?.message || '').trim()}` }
}

const disk = mountSmallDisk(16)
const dir = 'dir' in disk ? disk.dir : ''
const skipped = 'reason' in disk ? ` (skipped: ${disk.reason})` : ''
if (skipped) process.stderr.write(`tests/e2e/disk-full.test.ts${skipped}; tests/app/disk-full.test.ts injects the errors instead\n`)
afterAll(() => {
  if (!dir) return
  spawnSync('umount', [dir])
  rmSync(dir, { recursive: true, force: true })
})

const freeKb = () => {
  const fs = statfsSync(dir)
  return Math.floor((fs.bavail * fs.bsize) / 1024)
}

/** Fills the small disk until only `leaveKb` remain free. */
function fill(leaveKb = 0): void {
  const fd = openSync(join(dir, `filler-${leaveKb}`), 'w')
  const chunk = Buffer.alloc(4096)
  try {
    while (freeKb() > leaveKb + 4) writeSync(fd, chunk)
    if (!leaveKb) for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  } finally {
    closeSync(fd)
  }
}
const unfill = () => spawnSync('sh', ['-c', `rm -f ${dir}/filler-*`])

/** `npm start` in the sandbox on the small disk, HOME elsewhere; resolves with its exit code and stderr. */
function startSandbox(dbFile: string): Promise<{ code: number | null; err: string; out: string }> {
  const home = mkdtempSync(join(tmpdir(), 'gridbot-home-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      GRIDBOT_DB: dbFile,
      GRIDBOT_DATA_DIR: dir,
      GRIDBOT_SANDBOX_PORT: '0',
      GRIDBOT_QUIET_HOURS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(timer), resolve({ code, err, out }))))
}

describe.skipIf(!dir)(`a full disk, for real: a small tmpfs${skipped}`, () => {
  it.each([
    ['full to the last block', 0],
    ['with a few hundred KB left (the database would open, and fail its first writes)', 300],
  ])(
    'a start on a disk %s stops with one line and exit code 1',
    async (_, leaveKb) => {
      const dbFile = join(dir, `start-${leaveKb}.db`)
      expect(spawnSync(process.execPath, ['bin/gridbot.js', 'migrate'], { env: { ...process.env, GRIDBOT_DB: dbFile } }).status).toBe(0)
      fill(leaveKb)
      try {
        const r = await startSandbox(dbFile)
        expect(r.code, r.out + r.err).toBe(1)
        const lines = r.err.trimEnd().split('\n')
        expect(lines, r.err).toHaveLength(1)
        expect(lines[0]).toContain('GRIDBOT_DB')
        expect(lines[0]).toContain(dbFile)
        expect(lines[0]).toContain('the disk is full')
        expect(r.out).not.toContain('gridbot started')
      } finally {
        unfill()
      }
    },
    40_000,
  )

  it('gridbot doctor says the database cannot be written on the full disk', () => {
    const dbFile = join(dir, 'doctor.db')
    const env = { ...process.env, GRIDBOT_DB: dbFile, GRIDBOT_DATA_DIR: dir }
    expect(spawnSync(process.execPath, ['bin/gridbot.js', 'migrate'], { env }).status).toBe(0)
    fill()
    try {
      const r = spawnSync(process.execPath, ['bin/gridbot.js', 'doctor'], { env, encoding: 'utf8' })
      expect(r.status).toBe(1)
      expect(r.stdout).toMatch(/✗ 写入　　 磁盘已满（可用 \d+ KB）/)
      expect(r.stdout).toMatch(/✓ 数据库/) // still readable
    } finally {
      unfill()
    }
  }, 40_000)

  it('the disk fills while the bot runs: 25 reports, one line to each sender, the staff group told; freed, every case once and every reply', async () => {
    const w = await createGrpcWorld(undefined, { dataDir: dir })
    try {
      const m = w.mocker
      const residents = Array.from({ length: 25 }, (_, i) => `r${i + 1}`)
      m.createContact({ id: 'admin', name: '周主任' })
      for (const id of residents) m.createContact({ id, name: `居民${id}` })
      const grid = 'full-grid@chatroom'
      const staff = 'full-staff@chatroom'
      m.createRoom({ id: grid, topic: '3号网格群', memberIdList: [w.botUser.id, 'admin', ...residents] })
      m.createRoom({ id: staff, topic: '阳光社区工作群', memberIdList: [w.botUser.id, 'admin'] })
      await w.startBot()
      w.say('admin', grid, '#绑定网格 幸福街道 阳光社区 3号网格')
      await w.waitFor((s) => s.text.includes('已绑定'))
      w.say('admin', staff, '#绑定工作群 阳光社区')
      await w.waitFor((s) => s.roomId === staff)

      fill()
      for (const id of residents) w.say(id, grid, `#报事 ${id.slice(1)}号楼楼道灯不亮`)
      await w.waitFor((s) => s.roomId === staff && s.text.includes('数据库暂时无法写入'))
      const told = () => w.seen.filter((s) => s.text.includes('系统暂时无法登记，请稍后再发'))
      for (let i = 0; i < 200 && told().length + confirmations().length < residents.length; i++) await new Promise((r) => setTimeout(r, 50))
      // The WAL may take a few before the disk bites; those are stored and answered at once.
      expect(told().length).toBeGreaterThan(0)
      expect(told().length + confirmations().length).toBe(residents.length)
      expect(new Set(told().map((s) => s.mentionIds[0])).size).toBe(told().length) // once per sender

      unfill()
      await w.waitFor((s) => s.roomId === staff && s.text.includes('数据库已恢复写入'), 90_000)
      for (let i = 0; i < 200 && confirmations().length < residents.length; i++) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 500)) // anything extra would show up here
      expect(confirmations()).toHaveLength(residents.length)
      const db = new Database(w.dbFile, { readonly: true })
      const reporters = db.prepare('select reporter_id as r from cases order by id').all() as { r: string }[]
      db.close()
      expect(reporters.map((x) => x.r)).toEqual(residents) // each once, in the order sent
      expect(w.seen.filter((s) => s.roomId === staff && s.text.includes('【系统')).map((s) => s.text)).toEqual([
        expect.stringContaining('数据库暂时无法写入'),
        expect.stringMatching(/暂存的 \d+ 条消息已按顺序补登/),
      ])
    } finally {
      unfill()
      await w.close()
    }

    function confirmations() {
      return w.seen.filter((s) => /编号 \d+ 已登记/.test(s.text))
    }
  }, 180_000)
})
