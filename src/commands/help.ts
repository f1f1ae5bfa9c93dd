import { replyTo } from '../domain/outgoing.js'
import { canActAs } from '../domain/roles.js'
import { ROLES } from '../domain/types.js'
import { commonText } from '../text/common.js'
import { defineCommand, type CommandSpec } from './types.js'

/** #帮助: the commands this person may use, in their role (residents' first, admins' last). */
export function createHelp(all: () => CommandSpec[]): CommandSpec {
  return defineCommand({
    text: commonText.help,
    role: 'resident',
    run: ({ deps, msg: m, actor }) => {
      const mine = all().filter((c) => canActAs(actor.role, c.role) && (c.shownTo?.(deps, actor) ?? true))
      const byRole = ROLES.flatMap((r) => mine.filter((c) => c.role === r))
      return [
        replyTo(
          m,
          commonText.help.reply(
            actor.role,
            byRole.map((c) => `${c.usage}  ${c.summary}`),
          ),
        ),
      ]
    },
  })
}
