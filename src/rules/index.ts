import { caseLadder } from './case-ladder.js'
import { followUpClose } from './follow-up.js'
import { noticeRounds } from './notice-rounds.js'
import type { Rule } from './rule.js'
import { urgentAlert } from './urgent-alert.js'

/** Every rule the tick runs, in order. Adding a rule is one file and one line here. */
export const RULES: Rule<never>[] = [urgentAlert, caseLadder, followUpClose, noticeRounds] as Rule<never>[]
