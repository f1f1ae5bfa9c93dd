import type { App } from '../app/host.js'
import { elderSign, elderSignSeen } from '../commands/elder-listeners.js'
import { away, care, careFamily, careList, careStop, checkIn, visited } from '../commands/elders.js'
import { elderCheck } from '../rules/elder-check.js'

/**
 * Elder check-in (平安打卡): who is looked after and their family, the daily sign (any message of the elder's,
 * or #报平安), days away, and the chase of a missed sign — nudge, the worker's list, the community.
 */
export function elders(app: App): void {
  app.command(care, careFamily, careStop, careList, away, checkIn, visited)
  app.observe(elderSignSeen)
  app.listen(elderSign)
  app.rule(elderCheck)
}
