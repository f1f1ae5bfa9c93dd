import { pino, type Logger } from 'pino'

export type { Logger }

/** Keys whose values never reach the logs. */
const REDACT = [
  'token',
  '*.token',
  '*.*.token',
  'GRIDBOT_SANDBOX_TOKEN',
  'puppetToken',
  '*.puppetToken',
  'config.puppetToken',
  'accounts[*].token',
  'config.accounts[*].token',
  'WECHATY_PUPPET_SERVICE_TOKEN',
]

/** The one pino logger; modules take children of it. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[secret]' }, base: undefined }, destination)
}
