import type { WorkingHours } from './calendar.js'
import type { Category, ElderTier, Role } from './types.js'
import { DAY, HOUR, MINUTE } from '../clock.js'

/** Durations by urgency for the sign-for and response clocks. */
export interface UrgencyDurations {
  urgent: number
  normal: number
}

/** The service policy: every number PRODUCT.md lists as default, overridable by GRIDBOT_CONFIG. */
export interface Policy {
  clocks: {
    signFor: UrgencyDurations
    respond: UrgencyDurations
    resolve: { urgent: number } & Record<Exclude<Category, 'safety'>, number>
  }
  warnAt: number
  overdueRepeat: number
  followUp: number
  digest: string
  /** Processed message ids and sent messages older than this are pruned daily. */
  retention: number
  routes: Partial<Record<Category, Role>>
  /** When set, the clocks count only these hours of Chinese working days; calendar time otherwise. */
  workingHours?: WorkingHours
  notices: {
    firstRound: number
    secondRoundAt: number
    secondRoundWithoutDeadline: number
    closeWithoutDeadline: number
    maxRounds: number
    /** No two reminder rounds (or a round and the close, or two #提醒) closer than this. */
    minGap: number
  }
  /** Elder check-in (平安打卡). */
  elders: {
    /** The default daily time for the sign, in minutes after local midnight. */
    checkBy: number
    /** A private nudge to the elder when the time passes. */
    nudge: boolean
    /** Then the grid worker gets the list to visit. */
    graceToWorker: number
    /** No #已探访 this long after the list → community staff. */
    visitWithin: Record<ElderTier, number>
  }
}

/** PRODUCT.md's default policy. */
export const DEFAULT_POLICY: Policy = {
  clocks: {
    signFor: { urgent: 5 * MINUTE, normal: 30 * MINUTE },
    respond: { urgent: 30 * MINUTE, normal: 2 * HOUR },
    resolve: {
      urgent: 4 * HOUR,
      hygiene: 24 * HOUR,
      repair: 48 * HOUR,
      dispute: 72 * HOUR,
      service: 72 * HOUR,
      facility: 5 * DAY,
      other: 72 * HOUR,
    },
  },
  warnAt: 0.8,
  overdueRepeat: DAY,
  followUp: 48 * HOUR,
  digest: '30 8 * * *',
  retention: 30 * DAY,
  routes: {},
  notices: {
    firstRound: 30 * MINUTE,
    secondRoundAt: 0.8,
    secondRoundWithoutDeadline: 3 * HOUR,
    closeWithoutDeadline: 24 * HOUR,
    maxRounds: 2,
    minGap: 10 * MINUTE,
  },
  elders: {
    checkBy: 7 * 60 + 30,
    nudge: true,
    graceToWorker: 30 * MINUTE,
    visitWithin: { red: HOUR, yellow: 3 * HOUR, blue: 12 * HOUR },
  },
}
