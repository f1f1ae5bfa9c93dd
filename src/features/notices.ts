import type { App } from '../app/host.js'
import { noticeAck } from '../commands/notice-listeners.js'
import { ackFor, closeNoticeCommand, notice, receipt, remindNow } from '../commands/notices.js'
import { noticeRounds } from '../rules/notice-rounds.js'

/** Notices: broadcasts, acknowledgements, reminder rounds and the summary. */
export function notices(app: App): void {
  app.command(notice, receipt, remindNow, ackFor, closeNoticeCommand)
  app.listen(noticeAck)
  app.rule(noticeRounds)
}
