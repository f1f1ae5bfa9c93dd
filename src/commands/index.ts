import { bindGrid, bindStaffGroup, roster, setRole, unbind } from './admin.js'
import { ackFor, closeNoticeCommand, notice, receipt, remindNow } from './notices.js'
import { rate } from './rating.js'
import { add, cancel, createHelp, mine, query, report } from './resident.js'
import { accept, assign, giveBack, hold, listCases, progress, reopen, resolve, resume } from './staff.js'
import { stats } from './stats.js'
import type { CommandSpec } from './types.js'

/** Every chat command, in the order #帮助 lists them. Adding a command is one file and one line here. */
export function allCommands(): CommandSpec[] {
  const list: CommandSpec[] = [
    report, add, mine, query, rate, cancel,
    notice, receipt, remindNow, ackFor, closeNoticeCommand,
    listCases, accept, assign, progress, resolve, giveBack, hold, resume, reopen, stats,
    bindGrid, bindStaffGroup, setRole, roster, unbind,
  ]
  return [createHelp(() => list), ...list]
}
