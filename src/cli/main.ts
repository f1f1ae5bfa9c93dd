import 'dotenv/config'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { DAY, localToInstant, systemClock } from '../clock.js'
import { statsLines } from '../domain/stats.js'
import { ConfigError, loadConfig, type Config } from '../config.js'
import { NO_SCOPE } from '../domain/case-machine.js'
import { CASE_STATES, type CaseState } from '../domain/types.js'
import { CASE_STATE_LABELS } from '../text/labels.js'
import { DatabaseError, migrationStatus, openDatabase } from '../store/database.js'
import { createRepos } from '../store/repos.js'
import { backupDatabase, backupName } from '../store/backup.js'
import { formatChecks, runDoctor } from './doctor.js'
import { casesTable, noticeTable, toCsv, toXlsx, type Table } from './export.js'
import { ImportError, importDirectory } from './import-directory.js'

/** Settings, or one line and exit 1. */
function settings(): Config {
  try {
    return loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) fail(`设置有误：${err.message}`)
    throw err
  }
}

function fail(line: string): never {
  process.stderr.write(`${line}\n`)
  process.exit(1)
}

/** The database, migrated (opening applies pending migrations); one line and exit 1 when it will not open. */
function open(config: Config) {
  try {
    const db = openDatabase(config.dbFile)
    return { db, repos: createRepos(db) }
  } catch (err) {
    if (err instanceof DatabaseError) fail(`数据库有误：${err.message}`)
    throw err
  }
}

/** `2026-11-01` as the start of that day in the bot's zone; `to` dates include their whole day. */
function day(timeZone: string, endOfDay: boolean) {
  return (v: string): number => {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v.trim())
    if (!m) throw new InvalidArgumentError('日期应写成 2026-11-01')
    return localToInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, timeZone) + (endOfDay ? DAY : 0)
  }
}

function state(v: string): CaseState {
  const hit = CASE_STATES.find((s) => s === v || CASE_STATE_LABELS[s] === v)
  if (!hit) throw new InvalidArgumentError(`状态应为 ${CASE_STATES.map((s) => CASE_STATE_LABELS[s]).join('/')}`)
  return hit
}

async function write(table: Table, format: string, out: string | undefined, sheet: string, defaultName: string): Promise<void> {
  if (format === 'xlsx') {
    const file = out ?? defaultName
    writeFileSync(file, await toXlsx(table, sheet))
    process.stderr.write(`已导出 ${table.rows.length} 行到 ${file}\n`)
  } else if (out) {
    writeFileSync(out, toCsv(table))
    process.stderr.write(`已导出 ${table.rows.length} 行到 ${out}\n`)
  } else {
    process.stdout.write(toCsv(table))
  }
}

const formatOption = (v: string) => {
  if (v !== 'csv' && v !== 'xlsx') throw new InvalidArgumentError('格式应为 csv 或 xlsx')
  return v
}

const program = new Command('gridbot').description('居民小助手的日常工具').showHelpAfterError()
const tz = () => process.env.GRIDBOT_TIMEZONE || 'Asia/Shanghai'

program
  .command('migrate')
  .description('创建数据库或应用待执行的迁移')
  .action(() => {
    const config = settings()
    open(config).db.close()
    const m = migrationStatus(config.dbFile)
    process.stdout.write(`${config.dbFile}：已应用迁移 ${m.applied}/${m.total}\n`)
  })

program
  .command('import')
  .argument('<directory.yaml>', '街道、社区、网格（含群名）和工作人员')
  .description('导入组织架构（可重复导入）')
  .action((file: string) => {
    const config = settings()
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      fail(`读不到文件 ${file}`)
    }
    const { db, repos } = open(config)
    try {
      const r = importDirectory(repos, text, systemClock.now())
      process.stdout.write(
        `已导入：街道 ${r.streets}，社区 ${r.communities}，网格 ${r.grids}，绑定群 ${r.groupsBound}，工作人员 ${r.roles}\n`,
      )
      if (r.groupsUnseen.length) process.stdout.write(`机器人还没见过这些群（入群后再导入一次即可绑定）：${r.groupsUnseen.join('、')}\n`)
    } catch (err) {
      if (err instanceof ImportError) fail(`${file} ${err.message}，未导入任何内容`)
      throw err
    } finally {
      db.close()
    }
  })

const exportCmd = program.command('export').description('导出案件或通知回执')
exportCmd
  .command('cases')
  .description('导出案件')
  .option('--from <date>', '开始日期（含）', day(tz(), false))
  .option('--to <date>', '结束日期（含）', day(tz(), true))
  .option('--grid <网格>', '只导出一个网格，如 1号网格 或 阳光社区1号网格')
  .option('--state <状态>', '只导出一种状态，如 已办结', state)
  .option('--format <csv|xlsx>', '格式', formatOption, 'csv')
  .option('--out <file>', '写到文件（csv 默认输出到屏幕）')
  .action(async (o: { from?: number; to?: number; grid?: string; state?: CaseState; format: string; out?: string }) => {
    const config = settings()
    const { db, repos } = open(config)
    const table = casesTable(
      repos,
      { from: o.from ?? 0, to: o.to ?? Number.MAX_SAFE_INTEGER, gridName: o.grid, state: o.state },
      config.timeZone,
    )
    db.close()
    await write(table, o.format, o.out, '案件', 'cases.xlsx')
  })
exportCmd
  .command('notice')
  .argument('<通知编号>')
  .description('导出一条通知的回执')
  .option('--format <csv|xlsx>', '格式', formatOption, 'csv')
  .option('--out <file>', '写到文件（csv 默认输出到屏幕）')
  .action(async (id: string, o: { format: string; out?: string }) => {
    if (!/^\d+$/.test(id)) fail('通知编号应为数字')
    const config = settings()
    const { db, repos } = open(config)
    const table = noticeTable(repos, Number(id), config.timeZone)
    db.close()
    if (!table) fail(`没有编号 ${id} 的通知`)
    await write(table, o.format, o.out, `通知${id}`, `notice-${id}.xlsx`)
  })

program
  .command('stats')
  .description('统计：与 #统计 相同的数字（全部社区）')
  .option('--from <date>', '开始日期（含），默认本月 1 日', day(tz(), false))
  .option('--to <date>', '结束日期（含），默认今天', day(tz(), true))
  .action((o: { from?: number; to?: number }) => {
    const config = settings()
    const { db, repos } = open(config)
    const now = systemClock.now()
    const from =
      o.from ?? day(config.timeZone, false)(new Intl.DateTimeFormat('sv-SE', { timeZone: config.timeZone }).format(now).slice(0, 8) + '01')
    const lines = statsLines({ repos, timeZone: config.timeZone }, { ...NO_SCOPE, all: true }, '全部社区', from, o.to ?? now + 1, now)
    db.close()
    process.stdout.write(`${lines.length ? lines.join('\n') : '这段时间没有案件'}\n`)
  })

program
  .command('backup')
  .argument('[file]', '备份文件，默认 <GRIDBOT_DATA_DIR>/backups/gridbot-<时间>.db')
  .description('在线备份数据库（机器人运行时也安全）')
  .action(async (file: string | undefined) => {
    const config = settings()
    const { db } = open(config)
    const target = file ?? join(config.dataDir, 'backups', backupName(systemClock.now(), config.timeZone))
    await backupDatabase(db.sqlite, target)
    db.close()
    process.stdout.write(`已备份到 ${target}\n`)
  })

program
  .command('doctor')
  .description('检查设置、数据库、迁移、微信连接、时区、磁盘和备份')
  .action(async () => {
    const checks = await runDoctor(process.env, systemClock.now())
    process.stdout.write(`${formatChecks(checks)}\n`)
    process.exitCode = checks.every((c) => c.ok) ? 0 : 1
  })

await program.parseAsync(process.argv)
