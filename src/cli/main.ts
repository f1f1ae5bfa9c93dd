import 'dotenv/config'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { DAY, localToInstant, periodStart, systemClock, type Clock } from '../clock.js'
import { dayOf } from '../domain/elder-days.js'
import { statsLines } from '../domain/stats.js'
import { ConfigError, loadConfig, type Config } from '../config.js'
import { NO_SCOPE } from '../domain/case-machine.js'
import { CASE_STATES, type Category, type CaseState } from '../domain/types.js'
import type { Model } from '../parse/classifier.js'
import { readModelFile, SHIPPED_MODEL_FILE } from '../parse/current-model.js'
import { readCorpus } from './corpus.js'
import { crossCheck, evaluationReport } from './evaluate.js'
import { trainAndWrite } from './train.js'
import { cliText } from '../text/cli.js'
import { CASE_STATE_LABELS } from '../text/labels.js'
import { DatabaseError, migrationStatus, openDatabase } from '../store/database.js'
import { createRepos } from '../store/repos.js'
import { createSandboxClockRepo, databaseClock } from '../store/sandbox-clock-repo.js'
import { backupDatabase, backupName } from '../store/backup.js'
import { formatChecks, runDoctor } from './doctor.js'
import { casesTable, eldersTable, noticeTable, toCsv, toXlsx, type Table } from './export.js'
import { ImportError, importDirectory } from './import-directory.js'

const t = cliText.commands

/** Settings, or one line and exit 1. */
function settings(overrides: NodeJS.ProcessEnv = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides })
  } catch (err) {
    if (err instanceof ConfigError) fail(t.badSettings(err.message))
    throw err
  }
}

function fail(line: string): never {
  process.stderr.write(`${line}\n`)
  process.exit(1)
}

/** A mistake in what was typed: one line and exit code 2 (a problem with the setup or the data is exit code 1). */
function usage(line: string): never {
  process.stderr.write(`${line}\n`)
  process.exit(2)
}

/**
 * The database, migrated (opening applies pending migrations), and the clock its data runs on: a sandbox's moved
 * clock as the sandbox kept it, else the wall clock. One line and exit 1 when it will not open.
 */
function open(config: Config): { db: ReturnType<typeof openDatabase>; repos: ReturnType<typeof createRepos>; clock: Clock } {
  try {
    const db = openDatabase(config.dbFile)
    return { db, repos: createRepos(db), clock: databaseClock(createSandboxClockRepo(db.db, db.sqlite)) }
  } catch (err) {
    if (err instanceof DatabaseError) fail(t.badDatabase(err.message))
    throw err
  }
}

/** A date as typed and the instant it stands for. */
interface DateArg {
  text: string
  at: number
}

/** `2026-11-01` as the start of that day in the bot's zone (`--to` dates include their whole day); a date that is no day of the calendar is a usage error. */
function day(flag: '--from' | '--to', timeZone: string) {
  return (v: string): DateArg => {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v.trim())
    const [year, month, date] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0]
    if (!m || month < 1 || month > 12 || date < 1 || date > new Date(Date.UTC(year, month, 0)).getUTCDate()) usage(t.badDate(flag, v))
    return { text: v.trim(), at: localToInstant(year, month, date, 0, 0, timeZone) + (flag === '--to' ? DAY : 0) }
  }
}

/** [from, to) of `--from`/`--to`, each defaulting as given; a period that ends before it starts is a usage error. */
function period(o: { from?: DateArg; to?: DateArg }, from: number, to: number): { from: number; to: number } {
  if (o.from && o.to && o.from.at >= o.to.at) usage(t.backwards(o.from.text, o.to.text))
  return { from: o.from?.at ?? from, to: o.to?.at ?? to }
}

function state(v: string): CaseState {
  const hit = CASE_STATES.find((s) => s === v || CASE_STATE_LABELS[s] === v)
  if (!hit) usage(t.badState(CASE_STATES.map((s) => CASE_STATE_LABELS[s])))
  return hit
}

async function write(table: Table, format: string, out: string | undefined, sheet: string, defaultName: string): Promise<void> {
  if (format === 'xlsx') {
    const file = out ?? defaultName
    writeFileSync(file, await toXlsx(table, sheet))
    process.stderr.write(`${t.exported(table.rows.length, file)}\n`)
  } else if (out) {
    writeFileSync(out, toCsv(table))
    process.stderr.write(`${t.exported(table.rows.length, out)}\n`)
  } else {
    process.stdout.write(toCsv(table))
  }
}

const formatOption = (v: string) => {
  if (v !== 'csv' && v !== 'xlsx') usage(t.badFormat)
  return v
}

const program = new Command('gridbot').description(t.description).showHelpAfterError()
const tz = () => process.env.GRIDBOT_TIMEZONE || 'Asia/Shanghai'

program
  .command('migrate')
  .description(t.migrate.description)
  .action(() => {
    const config = settings()
    open(config).db.close()
    const m = migrationStatus(config.dbFile)
    process.stdout.write(`${t.migrate.done(config.dbFile, m.applied, m.total)}\n`)
  })

program
  .command('import')
  .argument('<directory.yaml>', t.import.argument)
  .description(t.import.description)
  .action((file: string) => {
    const config = settings()
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      fail(t.import.unreadable(file))
    }
    const { db, repos, clock } = open(config)
    try {
      const r = importDirectory(repos, text, clock.now(), { timeZone: config.timeZone, policy: config.policy })
      process.stdout.write(`${t.import.done(r)}${r.elderEntries ? t.import.elders(r.elders) : ''}\n`)
      if (r.groupsUnseen.length) process.stdout.write(`${t.import.unseen(r.groupsUnseen)}\n`)
      if (r.eldersUnseen.length) process.stdout.write(`${t.import.eldersUnseen(r.eldersUnseen)}\n`)
    } catch (err) {
      if (err instanceof ImportError) fail(t.import.failed(file, err.message))
      throw err
    } finally {
      db.close()
    }
  })

const exportCmd = program.command('export').description(t.export.description)
exportCmd
  .command('cases')
  .description(t.export.cases.description)
  .option('--from <date>', t.export.cases.from, day('--from', tz()))
  .option('--to <date>', t.export.cases.to, day('--to', tz()))
  .option(t.export.cases.gridFlag, t.export.cases.grid)
  .option(t.export.cases.stateFlag, t.export.cases.state, state)
  .option('--format <csv|xlsx>', t.export.format, formatOption, 'csv')
  .option('--out <file>', t.export.out)
  .action(async (o: { from?: DateArg; to?: DateArg; grid?: string; state?: CaseState; format: string; out?: string }) => {
    const when = period(o, 0, Number.MAX_SAFE_INTEGER)
    const config = settings()
    const { db, repos, clock } = open(config) // a sandbox's database: hours late at the sandbox's clock
    const table = casesTable(repos, { ...when, gridName: o.grid, state: o.state }, config.timeZone, clock.now())
    db.close()
    await write(table, o.format, o.out, cliText.export.caseSheet, 'cases.xlsx')
  })
exportCmd
  .command('elders')
  .description(t.export.elders.description)
  .option('--month <yyyy-mm>', t.export.elders.month)
  .option('--format <csv|xlsx>', t.export.format, formatOption, 'csv')
  .option('--out <file>', t.export.out)
  .action(async (o: { month?: string; format: string; out?: string }) => {
    const config = settings()
    const typed = o.month === undefined ? undefined : /^(\d{4})-(\d{1,2})$/.exec(o.month.trim())
    if (typed === null || (typed && (Number(typed[2]) < 1 || Number(typed[2]) > 12))) usage(t.export.elders.badMonth)
    const { db, repos, clock } = open(config)
    const m = typed ?? /^(\d{4})-(\d{2})/.exec(dayOf(clock.now(), config.timeZone))!
    const table = eldersTable(repos, Number(m[1]), Number(m[2]), config.timeZone)
    db.close()
    const month = `${m[1]}-${m[2]!.padStart(2, '0')}`
    await write(table, o.format, o.out, cliText.export.elderSheet(month), `elders-${month}.xlsx`)
  })
exportCmd
  .command('notice')
  .argument(t.export.notice.argument)
  .description(t.export.notice.description)
  .option('--format <csv|xlsx>', t.export.format, formatOption, 'csv')
  .option('--out <file>', t.export.out)
  .action(async (id: string, o: { format: string; out?: string }) => {
    if (!/^\d+$/.test(id)) fail(t.export.notice.badId)
    const config = settings()
    const { db, repos } = open(config)
    const table = noticeTable(repos, Number(id), config.timeZone)
    db.close()
    if (!table) fail(t.export.notice.missing(id))
    await write(table, o.format, o.out, cliText.export.noticeSheet(id), `notice-${id}.xlsx`)
  })

program
  .command('stats')
  .description(t.stats.description)
  .option('--from <date>', t.stats.from, day('--from', tz()))
  .option('--to <date>', t.stats.to, day('--to', tz()))
  .action((o: { from?: DateArg; to?: DateArg }) => {
    period(o, 0, 0) // a backwards period is refused before anything is opened
    const config = settings()
    const { db, repos, clock } = open(config)
    const now = clock.now() // a sandbox's database: its moved clock, as #统计 in the sandbox sees it
    const { from, to } = period(o, periodStart(now, 'month', config.timeZone), now + 1)
    const lines = statsLines({ repos, timeZone: config.timeZone }, { ...NO_SCOPE, all: true }, t.stats.scope, from, to, now)
    db.close()
    process.stdout.write(`${lines.length ? lines.join('\n') : t.stats.empty}\n`)
  })

program
  .command('backup')
  .argument('[file]', t.backup.argument)
  .description(t.backup.description)
  .action(async (file: string | undefined) => {
    const config = settings()
    const { db, clock } = open(config)
    const target = file ?? join(config.dataDir, 'backups', backupName(clock.now(), config.timeZone))
    await backupDatabase(db.sqlite, target)
    db.close()
    process.stdout.write(`${t.backup.done(target)}\n`)
  })

program
  .command('who')
  .argument('<name>', t.who.argument)
  .description(t.who.description)
  .action((name: string) => {
    // GRIDBOT_ADMINS is left out: this is the command its refusal of a name points to.
    const config = settings({ GRIDBOT_ADMINS: '' })
    const { db, repos } = open(config)
    const lines = repos.members
      .byName(name.trim())
      .map((m) => t.who.line(m.contactId, m.nickname, repos.directory.group(m.roomId)?.topic ?? m.roomId))
    db.close()
    process.stdout.write(`${lines.length ? lines.join('\n') : t.who.none(name)}\n`)
  })

program
  .command('train')
  .description(t.train.description)
  .option('--out <file>', t.train.out)
  .option('--corpus-only', t.train.corpusOnly)
  .action((o: { out?: string; corpusOnly?: boolean }) => {
    const config = settings()
    let corrections: { text: string; category: Category }[] = []
    if (!o.corpusOnly) {
      const { db, repos } = open(config)
      corrections = repos.corrections.all()
      db.close()
    }
    const out = o.out ?? config.modelFile
    const started = Date.now()
    const { model, readings } = trainAndWrite(corrections, out, new Date(systemClock.now()))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    process.stdout.write(`${t.train.done(out, model.examples, model.corrections, seconds)}\n`)
    process.stdout.write(`${t.train.crossCheck(crossCheck(readings, model))}\n${o.corpusOnly ? '' : `${t.train.reload}\n`}`)
  })

program
  .command('eval')
  .description(t.eval.description)
  .option('--model <file>', t.eval.model)
  .action((o: { model?: string }) => {
    const config = settings()
    const file = o.model ?? (existsSync(config.modelFile) ? config.modelFile : SHIPPED_MODEL_FILE)
    let model: Model
    try {
      model = readModelFile(file)
    } catch (err) {
      fail(t.eval.badModel(file, err instanceof Error ? err.message : String(err)))
    }
    const examples = readCorpus().filter((e) => e.split === 'eval')
    process.stdout.write(`${t.eval.using(file, model.trainedAt, model.examples)}\n${evaluationReport(examples, model)}\n`)
  })

program
  .command('doctor')
  .description(t.doctor.description)
  .action(async () => {
    const checks = await runDoctor(process.env, systemClock.now())
    process.stdout.write(`${formatChecks(checks)}\n`)
    process.exitCode = checks.every((c) => c.ok) ? 0 : 1
  })

await program.parseAsync(process.argv)
