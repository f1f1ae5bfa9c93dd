import 'dotenv/config'
import { log as wechatyLog } from 'wechaty-puppet'
import { startGridBot } from './bot/wechaty-bot.js'
import { createShiftableClock, systemClock } from './clock.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { createLogger } from './logger.js'
import { startConsole } from './sandbox/console-server.js'
import { startSandbox } from './sandbox/start-sandbox.js'
import { openBotDatabaseOrExit } from './store/lock.js'
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
  const db = openBotDatabaseOrExit(config.dbFile) // the bot's lock on the database, or one line and exit 1
  const repos = createRepos(db)
  // The sandbox's clock can be moved forward from the console, so escalations and reminders can be watched.
  const sandboxClock = config.puppetToken ? undefined : createShiftableClock()
  const clock = sandboxClock ?? systemClock
  const sandbox = config.puppetToken ? undefined : await startSandbox(log, { transcript: true, clock })
  if (sandbox) {
    log.info('no WECHATY_PUPPET_SERVICE_TOKEN: running the sandbox, a simulated community on this machine')
    // No WeChat account to protect: unless set, the simulated community hears replies at once.
    if (process.env.GRIDBOT_SEND_MIN_GAP_MS === undefined) config.send.minGapMs = 200
    if (process.env.GRIDBOT_SEND_JITTER_MS === undefined) config.send.jitterMs = 100
    if (process.env.GRIDBOT_SEND_MAX_PER_MINUTE === undefined) config.send.maxPerMinute = 600
    // Someone trying it at night should see the worker being told; quiet hours apply when set explicitly.
    if (process.env.GRIDBOT_QUIET_HOURS === undefined) delete config.quietHours
  }
  const bot = await startGridBot({
    config, repos, clock, log, database: db,
    admins: sandbox ? [...config.admins, sandbox.adminId] : config.admins,
    puppet: sandbox ? { token: sandbox.token, endpoint: sandbox.endpoint } : { token: config.puppetToken!, endpoint: config.puppetEndpoint },
  })
  let web: Awaited<ReturnType<typeof startConsole>> | undefined
  if (sandbox && sandboxClock) {
    try {
      web = await startConsole({ sandbox, repos, clock: sandboxClock, timeZone: config.timeZone, admins: [...config.admins, sandbox.adminId], tick: bot.tick, log }, config.sandbox)
      process.stdout.write(`\n沙盒控制台：${web.url}\n（用浏览器打开：看各群聊天、以任意成员身份发言、看案件和通知、拨快时钟）\n\n`)
    } catch (err) {
      // The terminal console still works; say why the web one does not.
      const busy = (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
      process.stdout.write(busy
        ? `\n沙盒控制台未启动：端口 ${config.sandbox.port} 已被占用。可设置 GRIDBOT_SANDBOX_PORT=0（任意空闲端口）或换一个端口\n\n`
        : `\n沙盒控制台未启动：${(err as Error).message}\n\n`)
    }
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
    await web?.stop()
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
