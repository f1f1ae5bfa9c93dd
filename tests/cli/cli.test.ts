import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { loadModelIfChanged } from '../../src/features/understanding.js'
import { createLogger } from '../../src/logger.js'
import { currentModelFile, readModelFile, SHIPPED_MODEL_FILE, useModel } from '../../src/parse/current-model.js'
import { analyzeReport } from '../../src/parse/report.js'
import { ImportError, importDirectory } from '../../src/cli/import-directory.js'
import { DAY, formatShort, localToInstant, toLocalTime } from '../../src/clock.js'
import { backupName, pruneBackups } from '../../src/store/backup.js'
import { createSandboxClockRepo } from '../../src/store/sandbox-clock-repo.js'
import { at, seedElders } from '../support/elders.js'
import { BOT_PERSON, createHarness, seedCommunity } from '../support/harness.js'

/**
 * Runs `gridbot …` as a user would (bin/gridbot.js), with its own data folder. Asynchronous, so the test worker
 * keeps answering vitest while the command runs: a test that spawned several commands synchronously blocked the
 * worker past vitest's fixed 60 s RPC timeout on a busy machine, and the run failed with every test green.
 */
function cli(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
  user: { uid?: number; gid?: number } = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/gridbot.js', ...args], {
    ...user,
    env: { PATH: process.env.PATH ?? '', HOME: dir, GRIDBOT_DB: join(dir, 'gridbot.db'), GRIDBOT_DATA_DIR: dir, ...env },
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'gridbot-cli-'))

/** A database with the seeded community, the groups of examples/directory.yaml, and some cases. */
function seeded(dir: string) {
  const h = createHarness({ file: join(dir, 'gridbot.db') })
  const c = seedCommunity(h)
  h.join('sandbox-grid-1@chatroom', [BOT_PERSON], '阳光社区1号网格群')
  h.join('sandbox-grid-2@chatroom', [BOT_PERSON], '阳光社区2号网格群')
  h.join('sandbox-street@chatroom', [BOT_PERSON], '幸福街道工作群')
  h.join('sandbox-department@chatroom', [BOT_PERSON], '幸福街道城管中队群')
  return { h, c }
}

/** A minimal CSV reader for what csv-stringify writes (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i]
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  return rows
}

describe('gridbot import', () => {
  it('imports the sample directory, binds the groups the bot has seen, and a second import changes nothing', async () => {
    const dir = tempDir()
    const { h } = seeded(dir)
    h.db.close()
    const first = await cli(dir, ['import', 'examples/directory.yaml'])
    expect(first.err).toBe('')
    expect(first.out).toBe('已导入：街道 1，社区 1，网格 2，部门 1，绑定群 5，工作人员 7\n')
    const db = new Database(join(dir, 'gridbot.db'), { readonly: true })
    const snapshot = () => ({
      grids: db.prepare('select g.name, c.name as community from grids g join communities c on c.id = g.community_id order by g.id').all(),
      groups: db.prepare('select room_id, kind, grid_id from groups where kind is not null order by room_id').all(),
      roles: db.prepare('select contact_id, role, scope_kind from roles order by contact_id, scope_kind').all(),
    })
    const after1 = snapshot()
    expect(after1.groups).toContainEqual({ room_id: 'sandbox-grid-2@chatroom', kind: 'grid', grid_id: 2 })
    expect(after1.roles).toContainEqual({ contact_id: 'sandbox-leader-2', role: 'leader', scope_kind: 'grid' })
    expect(after1.groups).toContainEqual({ room_id: 'sandbox-department@chatroom', kind: 'department', grid_id: null })
    expect(after1.roles).toContainEqual({ contact_id: 'sandbox-department', role: 'department', scope_kind: 'department' })
    expect((await cli(dir, ['import', 'examples/directory.yaml'])).code).toBe(0)
    expect(snapshot()).toEqual(after1)
    const more = join(dir, 'more.yaml')
    writeFileSync(more, 'communities:\n  - name: 明月社区\n    grids:\n      - { name: 1号网格, group: 明月社区1号网格群 }\n')
    expect((await cli(dir, ['import', more])).out).toContain('机器人还没见过这些群（入群后再导入一次即可绑定）：明月社区1号网格群')
    db.close()
  })

  it('names the line of an error and imports nothing', async () => {
    const dir = tempDir()
    const bad = join(dir, 'bad.yaml')
    writeFileSync(
      bad,
      [
        'streets:',
        '  - name: 幸福街道',
        '    communities:',
        '      - name: 阳光社区',
        '        grids:',
        '          - name: 1号网格',
        'staff:',
        '  - { id: w1, name: 李芳, role: 网格员, grid: 阳光社区 1号网格 }',
        '  - { id: w2, name: 陈明, role: 队长, grid: 阳光社区 1号网格 }',
      ].join('\n'),
    )
    const r = await cli(dir, ['import', bad])
    expect(r.code).toBe(1)
    expect(r.err).toBe(`${bad} 第 9 行：不认识的角色 队长（应为 网格长/楼长/网格员/社区/街道/部门/管理员），未导入任何内容\n`)
    writeFileSync(bad, 'streets:\n  - name: 幸福街道\n    communities:\n      - grids: []\n')
    expect((await cli(dir, ['import', bad])).err).toContain('第 4 行：缺少 name')
    writeFileSync(bad, 'staff:\n  - { id: w1, role: 网格员, grid: 阳光社区 9号网格 }\n')
    expect((await cli(dir, ['import', bad])).err).toContain('第 2 行：没有网格 阳光社区 9号网格')
    const db = new Database(join(dir, 'gridbot.db'), { readonly: true })
    expect(db.prepare('select count(*) as n from streets').get()).toEqual({ n: 0 })
    db.close()
  }, 60_000) // three CLI processes
})

describe('gridbot export and stats', () => {
  it('exports cases as CSV and xlsx with every column and one row per case, filtered by state and grid', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    h.say(c.zhang, '', c.grid, { kind: 'image', id: 'photo-1' })
    h.say(c.zhang, '#报事 5号楼电梯坏了，"困人"了吗, 快来', c.grid)
    h.say(c.li, '#报事 3号楼门口垃圾没人清理', c.grid) // 环境卫生: 24 h to resolve, from 11-23 10:00
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.say(c.worker, '#受理 2', null)
    h.clock.advance('30h')
    h.say(c.worker, '#办结 2 已清理，垃圾桶已加盖', null) // 6 hours late
    h.db.close()

    const csv = await cli(dir, ['export', 'cases', '--format', 'csv'])
    expect(csv.code).toBe(0)
    expect(csv.out.startsWith('\ufeff')).toBe(true)
    const rows = parseCsv(csv.out.slice(1))
    expect(rows[0]).toEqual([
      '编号',
      '社区',
      '网格',
      '状态',
      '类别',
      '紧急',
      '报事人',
      '位置',
      '内容',
      '照片',
      '处理人',
      '承办层级',
      '报事时间',
      '受理时间',
      '办结时间',
      '办结结果',
      '办结时限',
      '办结超期（小时）',
      '评价',
    ])
    expect(rows).toHaveLength(4)
    const col = (name: string) => rows[0]!.indexOf(name)
    expect(rows[1]!.slice(0, 4)).toEqual(['1', '阳光社区', '1号网格', '待受理'])
    expect(rows[1]![col('内容')]).toBe('5号楼电梯坏了，"困人"了吗, 快来')
    expect(rows[1]![col('照片')]).toBe('1')
    // Times with their year and zone; the resolution, who handled it (by name), at which level, and how late.
    const two = Object.fromEntries(rows[0]!.map((name, i) => [name, rows[2]![i]]))
    expect(two).toMatchObject({
      处理人: '李四',
      承办层级: '网格',
      报事时间: '2026-11-23T10:00:00+08:00',
      受理时间: '2026-11-23T10:00:00+08:00',
      办结时间: '2026-11-24T16:00:00+08:00',
      办结结果: '已清理，垃圾桶已加盖',
      办结时限: '2026-11-24T10:00:00+08:00',
      '办结超期（小时）': '6',
    })
    const done = parseCsv((await cli(dir, ['export', 'cases', '--state', '已办结'])).out.slice(1))
    expect(done.map((r) => r[0])).toEqual(['编号', '2'])
    expect(parseCsv((await cli(dir, ['export', 'cases', '--grid', '2号网格'])).out.slice(1))).toHaveLength(1)

    const xlsx = join(dir, 'cases.xlsx')
    expect((await cli(dir, ['export', 'cases', '--format', 'xlsx', '--out', xlsx])).err).toBe(`已导出 3 行到 ${xlsx}\n`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const sheet = wb.getWorksheet('案件')!
    expect(sheet.rowCount).toBe(4)
    expect(sheet.getRow(1).values).toEqual([undefined, ...rows[0]!])
    expect(sheet.getRow(3).getCell(4).value).toBe('已办结')
    // A real date cell showing Shanghai's wall time (Excel dates carry no zone), formatted with the year.
    const resolved = sheet.getRow(3).getCell(col('办结时间') + 1)
    expect(resolved.value).toEqual(new Date(Date.UTC(2026, 10, 24, 16, 0)))
    expect(resolved.numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(sheet.getRow(3).getCell(col('办结超期（小时）') + 1).value).toBe(6)
    expect(sheet.getRow(2).getCell(col('受理时间') + 1).value).toBeNull()
    // A frozen header with a filter over every column and row, and columns as wide as what they hold.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe('A1:S4') // 19 columns, the header and 3 rows
    expect(sheet.getColumn(col('内容') + 1).width).toBeGreaterThanOrEqual(30)
    expect(sheet.getColumn(col('编号') + 1).width).toBeLessThan(10)
    expect(sheet.getColumn(col('报事时间') + 1).width).toBeGreaterThanOrEqual(16)

    expect(await cli(dir, ['export', 'cases', '--from', '11月1日'])).toMatchObject({
      code: 2,
      err: '--from 11月1日 不是有效的日期，应写成 2026-11-01\n',
    })
  }, 60_000) // seven CLI processes: slow on a busy 2-core machine, and not a speed test

  it("exports a notice's acknowledgements (names, not ids; a quote's reply only), and stats prints the numbers of #统计", async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    h.say(c.admin, '#通知 明天上午9点停水', c.grid)
    const post = h.take().find((o) => o.text.startsWith('【通知编号 1】'))!
    h.clock.advance('5m')
    h.say(c.zhang, `「小助手：${post.text}」\n- - - - - - - - - - - - - - -\n好的`, c.grid)
    h.say(c.worker, '#代确认 1 赵六', null)
    h.say(c.worker, '#统计 本月', c.staffRoom)
    const statsReply = h.take().at(-1)!.text
    h.db.close()
    const rows = parseCsv((await cli(dir, ['export', 'notice', '1'])).out.slice(1))
    expect(rows[0]).toEqual(['通知编号', '网格', '成员', '是否确认', '确认时间', '方式', '回复内容', '代确认人', '已退群'])
    expect(rows.slice(1).map((r) => r.slice(2, 8))).toEqual([
      [c.zhang.nickname, '是', '2026-11-23T10:05:00+08:00', '引用', '好的', ''],
      [c.li.nickname, '是', '2026-11-23T10:05:00+08:00', '代确认', '', '李四'],
    ])
    const xlsx = join(dir, 'notice.xlsx')
    await cli(dir, ['export', 'notice', '1', '--format', 'xlsx', '--out', xlsx])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    expect(wb.getWorksheet('通知1')!.getRow(2).getCell(5).value).toEqual(new Date(Date.UTC(2026, 10, 23, 10, 5)))
    expect((await cli(dir, ['export', 'notice', '7'])).err).toBe('没有编号 7 的通知\n')
    const stats = await cli(dir, ['stats', '--from', '2026-11-01'])
    expect(stats.out.split('\n').slice(1).join('\n').trim()).toBe(statsReply.split('\n').slice(1).join('\n'))
  }, 60_000) // four CLI processes
})

describe('dates and periods as typed', () => {
  it.each([
    [['export', 'cases', '--from', '2026-13-01'], '--from 2026-13-01 不是有效的日期，应写成 2026-11-01'],
    [['export', 'cases', '--to', '2026-02-30'], '--to 2026-02-30 不是有效的日期，应写成 2026-11-01'],
    [['export', 'cases', '--from', '2026-00-10'], '--from 2026-00-10 不是有效的日期，应写成 2026-11-01'],
    [['stats', '--from', '2026-11-31'], '--from 2026-11-31 不是有效的日期，应写成 2026-11-01'],
    [['stats', '--from', '2026-12-03', '--to', '2026-12-02'], '--from 2026-12-03 晚于 --to 2026-12-02：开始日期不能晚于结束日期'],
    [['export', 'cases', '--from', '2026-12-03', '--to', '2026-12-02'], '--from 2026-12-03 晚于 --to 2026-12-02：开始日期不能晚于结束日期'],
    [['export', 'cases', '--state', '完成'], '状态应为 待受理/已受理/处理中/已办结/已关闭/已退回/已挂起/已撤销'],
  ])('gridbot %j: one line, exit code 2, no file written', async (args, line) => {
    const dir = tempDir()
    const out = join(dir, 'out.csv')
    const r = await cli(dir, args[0] === 'export' ? [...args, '--out', out] : args)
    expect(r).toMatchObject({ code: 2, out: '', err: `${line}\n` })
    expect(existsSync(out)).toBe(false)
  })

  it('accepts the last day of a month and 29 February of a leap year', async () => {
    const dir = tempDir()
    expect(await cli(dir, ['export', 'cases', '--from', '2028-02-29', '--to', '2028-04-30'])).toMatchObject({ code: 0, err: '' })
  })

  it('never prints a period backwards: one that starts after the real now (a case stamped by a clock that ran ahead) ends at its start', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    h.clock.set(Date.now() + 5 * DAY)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.db.close()
    const local = toLocalTime(h.clock.now(), 'Asia/Shanghai')
    const day = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`
    const r = await cli(dir, ['stats', '--from', day, '--to', day])
    expect(r.code).toBe(0)
    const [, from, to] = /^统计（全部社区 (\S+ \S+) 至 (\S+ \S+)）$/.exec(r.out.split('\n')[0]!)!
    expect(from).toBe(`${day.slice(5)} 00:00`)
    expect(to! >= from!).toBe(true)
  })
})

describe('the CLI on a sandbox database', () => {
  /** A sandbox database whose clock was moved a day past a case filed at `at` (ahead of the real time). */
  function sandboxData() {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    const wall = toLocalTime(Date.now(), 'Asia/Shanghai')
    // The 10th of next month, 10:00: ahead of the real time, and a day later is the same month.
    const at = localToInstant(wall.year, wall.month + 1, 10, 10, 0, 'Asia/Shanghai')
    h.clock.set(at)
    h.say(c.zhang, '#报事 3号楼2单元楼道灯不亮', c.grid) // nobody signs for it: overdue a day later
    h.clock.advance('1d')
    h.say(c.worker, '#统计 本月', c.staffRoom)
    const statsReply = h.take().at(-1)!.text
    createSandboxClockRepo(h.db.db, h.db.sqlite).save(h.clock.now() - Date.now(), Date.now())
    h.db.close()
    const local = toLocalTime(at, 'Asia/Shanghai')
    const p = (n: number) => String(n).padStart(2, '0')
    return { dir, now: h.clock.now(), statsReply, month: `${local.year}-${p(local.month)}`, day: `${local.year}-${p(local.month)}-10` }
  }

  it('stats counts at the sandbox clock, as #统计 in the sandbox does (超期 1, not 0)', async () => {
    const d = sandboxData()
    expect(d.statsReply).toContain('超期 1')
    const r = await cli(d.dir, ['stats', '--from', `${d.month}-01`])
    expect(r.err).toBe('')
    expect(r.out.split('\n').slice(1).join('\n').trim()).toBe(d.statsReply.split('\n').slice(1).join('\n'))
    // No --from: this month of the sandbox clock, not of the real one.
    expect((await cli(d.dir, ['stats'])).out).toContain('超期 1')
  })

  it('a day of the sandbox past is printed from its start to its end, not to the real now before it', async () => {
    const d = sandboxData()
    const r = await cli(d.dir, ['stats', '--from', d.day, '--to', d.day])
    const m = d.month.slice(5)
    expect(r.out.split('\n')[0]).toBe(`统计（全部社区 ${m}-10 00:00 至 ${m}-11 00:00）`)
  })

  it('doctor shows the sandbox time and how far it is ahead; a backup is named by it', async () => {
    const d = sandboxData()
    const doctor = await cli(d.dir, ['doctor'])
    expect(doctor.out).toMatch(
      // The sandbox's time (a minute later at most, as the CLI starts), and how far ahead of the real one.
      new RegExp(
        `✓ 时区　　 Asia/Shanghai，现在 (${formatShort(d.now, 'Asia/Shanghai')}|${formatShort(d.now + 60_000, 'Asia/Shanghai')})（沙盒时钟，比实际时间快 \\d+天(\\d+小时)?）`,
      ),
    )
    const minute = backupName(d.now, 'Asia/Shanghai').slice(0, -'00.db'.length) // the seconds go on while the CLI starts
    expect((await cli(d.dir, ['backup'])).out).toMatch(new RegExp(`^已备份到 ${join(d.dir, 'backups', minute)}\\d\\d\\.db\\n$`))
  })

  it('a database no sandbox ran on reads the real clock', async () => {
    const dir = tempDir()
    await cli(dir, ['migrate'])
    const before = Date.now()
    const r = await cli(dir, ['doctor'])
    const shown = /Asia\/Shanghai，现在 (.+)\n/.exec(r.out)?.[1]
    expect([formatShort(before, 'Asia/Shanghai'), formatShort(Date.now(), 'Asia/Shanghai')]).toContain(shown)
  })
})

describe('gridbot backup', () => {
  it('copies the database while the bot writes: the copy opens and holds every case confirmed before it began', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    for (let i = 0; i < 200; i++) h.say(c.zhang, `#报事 ${i}号楼楼道灯不亮`, c.grid)
    const confirmedBefore = h.repos.caseQueries.forExport({ from: 0, to: Number.MAX_SAFE_INTEGER }).length
    const target = join(dir, 'copy.db')
    const child = spawn(process.execPath, ['bin/gridbot.js', 'backup', target], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, GRIDBOT_DB: join(dir, 'gridbot.db'), GRIDBOT_DATA_DIR: dir },
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    let running = true
    void exited.then(() => (running = false))
    let written = 0
    while (running) {
      // the bot keeps filing reports, a few per turn of the event loop
      for (let i = 0; i < 5; i++) h.say(c.li, `#报事 第${written++}次：门口垃圾没人清理`, c.grid)
      await new Promise((r) => setImmediate(r))
    }
    expect(await exited).toBe(0)
    expect(out).toBe(`已备份到 ${target}\n`)
    expect(written).toBeGreaterThan(0)
    const copy = new Database(target, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    const ids = (copy.prepare('select id from cases order by id').all() as { id: number }[]).map((r) => r.id)
    copy.close()
    expect(ids.length).toBeGreaterThanOrEqual(confirmedBefore)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1)) // a consistent prefix, no gaps
    h.db.close()
  })

  it('keeps the newest 14 daily backups', async () => {
    const dir = tempDir()
    const backups = join(dir, 'backups')
    mkdirSync(backups)
    for (let d = 1; d <= 16; d++) writeFileSync(join(backups, `gridbot-202611${String(d).padStart(2, '0')}-030000.db`), '')
    writeFileSync(join(backups, 'notes.txt'), '')
    expect(pruneBackups(backups, 14)).toEqual(['gridbot-20261101-030000.db', 'gridbot-20261102-030000.db'])
    expect(existsSync(join(backups, 'gridbot-20261103-030000.db'))).toBe(true)
    expect(existsSync(join(backups, 'notes.txt'))).toBe(true)
  })
})

describe('gridbot doctor and migrate', () => {
  it('reports a good setup on one screen and exits 0', async () => {
    const dir = tempDir()
    expect((await cli(dir, ['migrate'])).out).toMatch(/已应用迁移 (\d+)\/\1\n$/)
    const r = await cli(dir, ['doctor'])
    expect(r.code).toBe(0)
    const lines = r.out.trim().split('\n')
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(['设置', '数据库', '写入', '迁移', '表大小', '微信连接', '时区', '磁盘', '备份'])
    expect(lines.every((l) => l.startsWith('✓'))).toBe(true)
    expect(r.out).toContain('✓ 写入　　 可以写入')
  })

  it('says when the database cannot be written (a read-only file), and changes nothing', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o777)
    await cli(dir, ['migrate'])
    const file = join(dir, 'gridbot.db')
    chmodSync(file, 0o444)
    const before = readFileSync(file)
    // Root may write anywhere: as root, the doctor runs as nobody for this.
    const r = await cli(dir, ['doctor'], {}, process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {})
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/✗ 写入　　 \S+ 只读，无法写入/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('shows the sizes of the tables that grow with traffic: handled inbound message ids and outbox rows by status', async () => {
    const dir = tempDir()
    await cli(dir, ['migrate'])
    const db = new Database(join(dir, 'gridbot.db'))
    const inbound = db.prepare('insert into inbound_messages (message_id, received_at) values (?, ?)')
    for (let i = 0; i < 7; i++) inbound.run(`m${i}`, i)
    const outbox = db.prepare(
      "insert into outbox (conversation_id, is_room, text, priority, not_before, status, created_at) values ('r@chatroom', 1, 'x', 'reply', 0, ?, 0)",
    )
    for (const status of ['queued', 'queued', 'queued', 'sent', 'sent', 'sent', 'sent', 'sent', 'failed']) outbox.run(status)
    db.close()
    const r = await cli(dir, ['doctor'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('✓ 表大小　 已处理消息 7，发件箱 待发 3、已发 5、失败 1\n')
  })

  it('warns about levels nobody can be told at and departments nobody handles, and still exits 0', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir) // 阳光社区 has its staff group; its street, 幸福街道, has none
    h.join('power@chatroom', [BOT_PERSON], '供电所群')
    h.say(c.admin, '#绑定部门 供电所', 'power@chatroom')
    h.db.close()
    const r = await cli(dir, ['doctor'])
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      '! 组织　　 没有工作群的街道：幸福街道（督办和上报通知不到）；没有处理人的部门：供电所（请在部门群发 #设置 @成员 部门）\n',
    )
    const ok = tempDir()
    const { h: h2, c: c2 } = seeded(ok)
    h2.join('street@chatroom', [BOT_PERSON, c2.admin], '幸福街道工作群')
    h2.say(c2.admin, '#绑定工作群 幸福街道', 'street@chatroom')
    h2.db.close()
    expect((await cli(ok, ['doctor'])).out).toContain('✓ 组织　　 社区 1 个、街道 1 个都有工作群\n')
  }, 60_000) // two CLI processes and a harness

  it('names what is broken and exits 1', async () => {
    const dir = tempDir()
    const bad = await cli(dir, ['doctor'], { GRIDBOT_TIMEZONE: 'Mars/Olympus' })
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/^✗ 设置　　 GRIDBOT_TIMEZONE/)
    const noDb = await cli(dir, ['doctor'])
    expect(noDb.code).toBe(1)
    expect(noDb.out).toContain(`✗ 数据库　 ${join(dir, 'gridbot.db')} 不存在：运行 gridbot migrate 创建`)
    await cli(dir, ['migrate'])
    const unreachable = await cli(dir, ['doctor'], {
      WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x',
      WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:1',
    })
    expect(unreachable.code).toBe(1)
    expect(unreachable.out).toContain('✗ 微信连接 127.0.0.1:1 连不上')
    expect(unreachable.out).not.toContain('insecure_x') // tokens never printed
    expect(readFileSync(join(dir, 'gridbot.db')).length).toBeGreaterThan(0)
  }, 60_000) // four CLI processes
})

describe('gridbot who', () => {
  it('lists the ids that go by a name in the groups the bot is in, even while GRIDBOT_ADMINS names someone by name', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    h.join(c.grid, [{ id: 'wxid_fake', nickname: '王主任' }], '阳光社区1号网格')
    h.db.close()
    const r = await cli(dir, ['who', '王主任'], { GRIDBOT_ADMINS: 'wxid_real,王主任' })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out.trim().split('\n')).toEqual(['s1｜社区 王主任｜阳光社区工作群', 'wxid_fake｜王主任｜阳光社区1号网格'])
    expect((await cli(dir, ['who', '无此人'])).out.trim()).toBe('机器人所在的群里没有叫“无此人”的成员')
  })
})

describe('gridbot train and eval', () => {
  it('learns from a correction: a case filed as 其他 and corrected to 安全隐患 reads as safety after train, and the bot loads the model', async () => {
    const dir = tempDir()
    const { h, c } = seeded(dir)
    const text = '外卖小哥在小区里骑得飞快'
    expect(analyzeReport(text).category).toBe('other') // the shipped model
    h.say(c.zhang, `#报事 ${text}`, c.grid)
    h.say(c.worker, '#改类 1 安全隐患', null)
    expect(h.repos.cases.get(1)).toMatchObject({ category: 'safety', urgency: 'urgent' })
    h.db.close()

    const trained = await cli(dir, ['train'])
    expect(trained.err).toBe('')
    expect(trained.code).toBe(0)
    const file = join(dir, 'category-model.json')
    expect(trained.out).toContain(`已写入 ${file}`)
    expect(trained.out).toContain('含改类 1 条')
    expect(trained.out).toMatch(/交叉验证（训练集内）：safety recall \d+\.\d% /)
    const model = readModelFile(file)
    expect(model.corrections).toBe(1)
    expect(analyzeReport(text, model)).toMatchObject({ category: 'safety', urgency: 'urgent' })

    // The running bot's minute job puts it in use; a file that does not read keeps the one in use.
    const log = createLogger('silent')
    const seen = loadModelIfChanged(file, undefined, log)
    try {
      expect(currentModelFile()).toBe(file)
      expect(analyzeReport(text).category).toBe('safety')
      expect(loadModelIfChanged(file, seen, log)).toBe(seen)
      writeFileSync(file, '{"format":"something else"}')
      loadModelIfChanged(file, seen, log)
      expect(currentModelFile()).toBe(file)
      expect(analyzeReport(text).category).toBe('safety')
    } finally {
      useModel(readModelFile(SHIPPED_MODEL_FILE), SHIPPED_MODEL_FILE)
    }

    const bad = await cli(dir, ['eval'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^模型文件 .*category-model\.json 不可用：not a gridbot category model: format or version\n$/)
    // gridbot train takes about 40–110 s here (ten fits for each of six regressions) on the shared 2 cores
  }, 360_000)

  it('evaluates the shipped model on the evaluation split: per-label numbers, the confusion matrix, a line per file', async () => {
    const dir = tempDir()
    const r = await cli(dir, ['eval'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`模型 ${SHIPPED_MODEL_FILE}`)
    expect(r.out).toMatch(/^safety +\d+\.\d% +\d+\.\d% +\d+$/m)
    expect(r.out).toContain('confusion (rows: label, columns: read as)')
    expect(r.out).toMatch(/^blind-residents\.tsv \(\d+\): category \d+\.\d%/m)
    expect(r.out).toMatch(/non-problems filed: 0/)
  }, 60_000)
})

describe('gridbot import and export: elders', () => {
  const eldersFile = (dir: string, lines: string[]) => {
    const file = join(dir, 'elders.yaml')
    writeFileSync(file, ['elders:', ...lines].join('\n'))
    return file
  }

  it('imports an elders: list (grid, member by room or name, time, tier, family); a second import changes nothing', async () => {
    const dir = tempDir()
    const h = createHarness({ file: join(dir, 'gridbot.db') })
    seedElders(h)
    h.db.close()
    const file = eldersFile(dir, [
      '  - { grid: 阳光社区 1号网格, member: 6-3-303 冯雪, time: "8:00", tier: 红, family: [冯小明], call: 冯阿姨 }',
      '  - { grid: 阳光社区 1号网格, member: 王秀英 }',
      '  - { grid: 阳光社区 2号网格, member: 李大爷 }',
    ])
    const first = await cli(dir, ['import', file])
    expect(first.err).toBe('')
    expect(first.out).toBe(
      '已导入：街道 0，社区 0，网格 0，绑定群 0，工作人员 0，关爱老人 2\n网格群里还没找到这些老人或家属（机器人入群、成员在群里后再导入一次）：2号网格 李大爷\n',
    )
    const read = () => {
      const db = new Database(join(dir, 'gridbot.db'), { readonly: true })
      const rows = {
        elders: db.prepare('select contact_id, name, call, place, check_by, tier, created_by_id from elders order by id').all(),
        family: db.prepare('select elder_id, contact_id, name from elder_family').all(),
        events: db.prepare('select count(*) as n from elder_events').get(),
      }
      db.close()
      return rows
    }
    const after = read()
    expect(after.elders).toEqual([
      { contact_id: 'e1', name: '冯雪', call: '冯阿姨', place: '6-3-303', check_by: 480, tier: 'red', created_by_id: 'gridbot import' },
      { contact_id: 'e2', name: '王秀英', call: null, place: '5-1-101', check_by: 450, tier: 'yellow', created_by_id: 'gridbot import' },
    ])
    expect(after.family).toEqual([{ elder_id: 1, contact_id: 'f1', name: '冯小明' }])
    expect((await cli(dir, ['import', file])).out).toBe(first.out)
    expect(read()).toEqual(after)
  }, 60_000)

  it('names the line of a bad elders: entry and imports nothing', async () => {
    const dir = tempDir()
    const h = createHarness({ file: join(dir, 'gridbot.db') })
    const w = seedElders(h)
    h.join(w.grid, [{ id: 'e9', nickname: '8-2-801 冯雪' }])
    h.db.close()
    const cases: [string[], string][] = [
      [
        ['  - { grid: 阳光社区 1号网格, member: 王秀英 }', '  - { grid: 阳光社区 1号网格, member: 冯雪 }'],
        '第 3 行：冯雪 有 2 位：6-3-303 冯雪、8-2-801 冯雪，请写上房号',
      ],
      [['  - { grid: 阳光社区 1号网格, member: 王秀英, time: "25:00" }'], '第 2 行：time 应写成 8:00，在 1:00 到 23:59 之间（不是 25:00）'],
      [['  - { grid: 阳光社区 1号网格, member: 王秀英, tier: 紫 }'], '第 2 行：tier 应为 红、黄 或 蓝（不是 紫）'],
      [['  - { grid: 阳光社区 9号网格, member: 王秀英 }'], '第 2 行：没有网格 阳光社区 9号网格'],
      [['  - { grid: 阳光社区 1号网格 }'], '第 2 行：缺少 member'],
    ]
    const file = eldersFile(dir, cases[0]![0])
    const r = await cli(dir, ['import', file])
    expect(r.code).toBe(1)
    expect(r.err).toBe(`${file} ${cases[0]![1]}，未导入任何内容\n`)
    // The rest through the same function the command calls (a process each would take seconds).
    const opened = createHarness({ file: join(dir, 'gridbot.db') })
    for (const [lines, why] of cases.slice(1))
      expect(() => importDirectory(opened.repos, ['elders:', ...lines].join('\n'), opened.clock.now())).toThrow(
        new ImportError(Number(why.match(/\d+/)![0]), why.replace(/^第 \d+ 行：/, '')),
      )
    expect(opened.repos.elders.all()).toEqual([])
    opened.db.close()
  }, 60_000)

  it('exports the elders with this month’s signs, a column a day, as CSV and xlsx; stats prints the check-in line of #统计', async () => {
    const dir = tempDir()
    const h = createHarness({ file: join(dir, 'gridbot.db') })
    const w = seedElders(h)
    h.say(w.worker, '#关爱 冯雪 8:00 红', null)
    h.say(w.worker, '#关爱家属 冯雪 冯小明', null)
    h.clock.set(at(24, '07:12'))
    h.say(w.fengXue, '好', null)
    for (const t of ['08:00', '08:30', '09:00', '09:30', '10:00']) {
      h.clock.set(at(25, t))
      h.tick()
    }
    h.say(w.worker, '#已探访 冯雪 已上门', null)
    h.clock.set(at(26, '08:20'))
    h.tick()
    h.say(w.fengXue, '早', null)
    h.clock.set(at(26, '12:00'))
    h.say(w.worker, '#统计 本月', null)
    const statsReply = h.take().at(-1)!.text
    h.db.close()
    const rows = parseCsv((await cli(dir, ['export', 'elders', '--month', '2026-11'])).out.slice(1))
    expect(rows[0]!.slice(0, 11)).toEqual([
      '社区',
      '网格',
      '姓名',
      '房号',
      '报平安时间',
      '等级',
      '家属',
      '登记人',
      '登记时间',
      '状态',
      '1日',
    ])
    expect(rows[0]!.slice(-8)).toEqual(['30日', '按时', '迟报', '未报', '外出', '无法判断', '探访', '报社区'])
    const feng = rows[1]!
    const day = (d: number) => feng[9 + d]
    expect(feng.slice(0, 10)).toEqual([
      '阳光社区',
      '1号网格',
      '冯雪',
      '6-3-303',
      '8:00',
      '红',
      '冯小明',
      '网格员 李四',
      '2026-11-23T10:00:00+08:00',
      '关爱中',
    ])
    expect([day(23), day(24), day(25), day(26), day(27)]).toEqual(['', '07:12', '未报/已探访', '迟 08:20', ''])
    expect(feng.slice(-7)).toEqual(['1', '1', '1', '0', '0', '1', '1'])
    const out = join(dir, 'elders.xlsx')
    expect((await cli(dir, ['export', 'elders', '--month', '2026-11', '--format', 'xlsx', '--out', out])).err).toBe(
      `已导出 1 行到 ${out}\n`,
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    expect(wb.getWorksheet('平安打卡2026-11')!.getRow(2).getCell(3).value).toBe('冯雪')
    expect((await cli(dir, ['export', 'elders', '--month', '11月'])).err).toBe('月份应写成 2026-11\n')
    const stats = await cli(dir, ['stats', '--from', '2026-11-01', '--to', '2026-11-30'])
    expect(stats.out).toContain('· 平安打卡：老人 1｜按时报平安 33%（1/3）｜追踪 2｜探访 1｜报社区 1')
    // #统计 here sees one grid (the community and its grid one block), so its check-in line is not indented.
    expect(statsReply).toContain('\n平安打卡：老人 1｜按时报平安 33%（1/3）｜追踪 2｜探访 1｜报社区 1')
  }, 60_000)
})
