import 'dotenv/config'
import { join } from 'node:path'
import { log as wechatyLog } from 'wechaty-puppet'
import { createApp } from './app/create-app.js'
import { systemClock } from './clock.js'
import { ConfigError, isSandbox, loadConfig, type Config } from './config.js'
import { cases } from './features/cases.js'
import { directory } from './features/directory.js'
import { elders } from './features/elders.js'
import { housekeeping } from './features/housekeeping.js'
import { understanding } from './features/understanding.js'
import { notices } from './features/notices.js'
import { stats } from './features/stats.js'
import { createLogger } from './logger.js'
import { startConsole } from './sandbox/console-server.js'
import { startSandbox } from './sandbox/start-sandbox.js'
import { sandboxText } from './text/sandbox.js'
import { openBotDatabaseOrExit } from './store/lock.js'
import { createRepos } from './store/repos.js'
import { createSandboxClockRepo, openSandboxClock } from './store/sandbox-clock-repo.js'

/** Settings, or one line naming the bad one and exit code 1. */
function settings(): Config {
  try {
    return loadConfig(process.env, { sandboxPreset: true })
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    // GRIDBOT_ACCOUNTS reports every bad account, one line each.
    for (const line of err.message.split('\n')) process.stderr.write(`gridbot: bad setting ${line}\n`)
    process.exit(1)
  }
}

/** How to start a second bot beside this one: its own data folder (and database, when that is set apart; and console port). */
function anotherBot(c: Config): string {
  const dir = `${c.dataDir.replace(/[\\/]+$/, '')}2`
  const db = process.env.GRIDBOT_DB?.trim() ? ` GRIDBOT_DB=${dir}/gridbot.db` : ''
  const port = isSandbox(c) ? ` GRIDBOT_SANDBOX_PORT=${c.sandbox.port === 0 ? 0 : c.sandbox.port + 1}` : ''
  return `GRIDBOT_DATA_DIR=${dir}${db}${port} npm start`
}

/** The composition root: settings → logger → database → (sandbox) → the app with its features, and a graceful shutdown. */
async function main(): Promise<void> {
  const loaded = settings()
  const log = createLogger(loaded.logLevel)
  wechatyLog.level(loaded.logLevel === 'debug' || loaded.logLevel === 'trace' ? 'info' : 'silent')
  // The bot's lock on the database, or one line (saying how to run a second bot) and exit 1.
  const database = openBotDatabaseOrExit(loaded.dbFile, anotherBot(loaded))
  const repos = createRepos(database)
  // The sandbox's clock can be moved forward from the console, so escalations and reminders can be watched; the
  // offset is kept in the database, so a restart resumes where it was (and the CLI reads the same time).
  const clockRepo = createSandboxClockRepo(database.db, database.sqlite)
  const sandboxClock = isSandbox(loaded) ? openSandboxClock(clockRepo) : (clockRepo.clear(), undefined)
  const clock = sandboxClock ?? systemClock
  const sandbox = sandboxClock ? await startSandbox(log, { transcript: true, clock }) : undefined
  if (sandbox) log.info('no WECHATY_PUPPET_SERVICE_TOKEN: running the sandbox, a simulated community on this machine')
  const config: Config = sandbox ? { ...loaded, admins: [...loaded.admins, ...sandbox.adminIds] } : loaded

  // wechaty-puppet-service's payload cache (LevelDB, locked while open) with the data, not one per $HOME.
  const cacheDir = join(config.dataDir, 'wechaty')
  const app = createApp({ config, repos, clock, log, database, clockMoves: sandboxClock !== undefined })
  app.use(directory, understanding, cases, notices, elders, stats, housekeeping)
  const several = config.accounts.length > 1
  const bot = await app.start(
    sandbox
      ? sandbox.accounts.map((a) => ({ name: a.name, puppet: { token: a.token, endpoint: a.endpoint, cacheDir: join(cacheDir, a.name) } }))
      : config.accounts.map((a) => ({
          name: a.name,
          standby: a.standby,
          // One payload cache per account (LevelDB locks it while open).
          puppet: {
            token: a.token,
            ...(a.endpoint ? { endpoint: a.endpoint } : {}),
            cacheDir: several ? join(cacheDir, a.name) : cacheDir,
          },
        })),
  )
  let web: Awaited<ReturnType<typeof startConsole>> | undefined
  if (sandbox && sandboxClock) {
    try {
      web = await startConsole(
        {
          sandbox,
          repos,
          clock: sandboxClock,
          timeZone: config.timeZone,
          admins: config.admins,
          dataDir: config.dataDir,
          tick: bot.clockMoved,
          log,
        },
        config.sandbox,
      )
      process.stdout.write(sandboxText.consoleReady(web.url))
    } catch (err) {
      // The terminal console still works; say why the web one does not.
      const busy = (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
      process.stdout.write(busy ? sandboxText.portBusy(config.sandbox.port) : sandboxText.consoleFailed((err as Error).message))
    }
    // Both accounts must hear the setup: the second is handed grid group 2 by the admin's #绑定网格.
    await bot.allReady
    if (!sandbox.isSetUp(repos)) sandbox.runSetup(repos)
    sandbox.attachConsole()
  }
  log.info({ db: config.dbFile, timeZone: config.timeZone }, 'gridbot started')

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    await web?.stop()
    await bot.stop()
    await sandbox?.stop()
    database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((err) => {
  process.stderr.write(`gridbot: failed to start: ${(err as Error).stack ?? err}\n`)
  process.exit(1)
})
