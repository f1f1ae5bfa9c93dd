import 'dotenv/config'
import { log as wechatyLog } from 'wechaty-puppet'
import { startGridBot } from './bot/wechaty-bot.js'
import { systemClock } from './clock.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { createLogger } from './logger.js'
import { startSandbox } from './sandbox/start-sandbox.js'
import { openDatabase } from './store/database.js'
import { createRepos } from './store/repos.js'

/** The composition root: settings → logger → database → (sandbox) → bot, and a graceful shutdown. */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gridbot: bad setting ${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const log = createLogger(config.logLevel)
  wechatyLog.level(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'info' : 'silent')
  const db = openDatabase(config.dbFile)
  const repos = createRepos(db)
  const sandbox = config.puppetToken ? undefined : await startSandbox(log, { transcript: true })
  if (sandbox) log.info('no WECHATY_PUPPET_SERVICE_TOKEN: running the sandbox, a simulated community on this machine')
  const bot = await startGridBot({
    config, repos, clock: systemClock, log, database: db,
    admins: sandbox ? [...config.admins, sandbox.adminId] : config.admins,
    puppet: sandbox ? { token: sandbox.token, endpoint: sandbox.endpoint } : { token: config.puppetToken!, endpoint: config.puppetEndpoint },
  })
  if (sandbox) {
    await bot.ready
    if (!sandbox.isSetUp(repos)) sandbox.runSetup()
    sandbox.attachConsole()
  }
  log.info({ db: config.dbFile, timeZone: config.timeZone }, 'gridbot started')

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    await bot.stop()
    await sandbox?.stop()
    db.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((err) => {
  process.stderr.write(`gridbot: failed to start: ${(err as Error).stack ?? err}\n`)
  process.exit(1)
})
