import type { App } from '../app/host.js'
import { categoryCorrection, confirmReport, photo, plainRating, problemQuestion } from '../commands/case-listeners.js'
import { add, cancel, mine, query, rate, report } from '../commands/resident.js'
import {
  accept,
  assign,
  dispatch,
  escalate,
  giveBack,
  hold,
  listCases,
  progress,
  recategorize,
  reopen,
  resolve,
  resume,
} from '../commands/staff.js'
import { caseLadder } from '../rules/case-ladder.js'
import { digest } from '../rules/digest.js'
import { followUpClose } from '../rules/follow-up.js'
import { urgentAlert } from '../rules/urgent-alert.js'

/** Cases: reporting (by command or in plain words), the staff workflow and hand-ons, ratings, the ladder and the digest. */
export function cases(app: App): void {
  app.command(report, add, mine, query, rate, cancel)
  app.command(listCases, accept, assign, progress, resolve, giveBack, escalate, dispatch, hold, resume, reopen, recategorize)
  app.listen(photo, plainRating, confirmReport, categoryCorrection, problemQuestion)
  app.rule(urgentAlert, caseLadder, followUpClose, digest)
}
