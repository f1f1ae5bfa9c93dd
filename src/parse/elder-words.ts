import type { ElderTier, ParsedNickname } from '../domain/types.js'
import { elderText } from '../text/elders.js'
import { parseNickname } from './nickname.js'
import { chineseNumber, normalizeText } from './normalize.js'

/**
 * A daily time as staff write it, in minutes after midnight: `7:30`, `7：30`, `07:30`, `7点`, `7点半`, `7点30`,
 * `7点30分`, `八点`, with 早上/上午/中午/下午/晚上 before it (下午3点 is 15:00). Undefined for anything else.
 */
export function parseCheckTime(word: string): number | undefined {
  const m = /^(早上|早晨|上午|中午|下午|晚上)?(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:[:：](\d{2})|点(?:(半)|(\d{1,2})分?|钟)?)$/.exec(
    word.trim(),
  )
  if (!m) return undefined
  let hour = chineseNumber(m[2]!)
  const minute = m[3] !== undefined ? Number(m[3]) : m[4] ? 30 : m[5] !== undefined ? Number(m[5]) : 0
  if (hour === undefined || hour > 23 || minute > 59) return undefined
  if ((m[1] === '下午' || m[1] === '晚上') && hour < 12) hour += 12
  if (m[1] === '中午' && hour < 3) hour += 12
  const minutes = hour * 60 + minute
  return minutes < 24 * 60 ? minutes : undefined
}

/** Looks like a time someone meant (a digit and a colon or 点), even if it is not a valid one. */
export function looksLikeTime(word: string): boolean {
  return /^(早上|早晨|上午|中午|下午|晚上)?[\d一二两三四五六七八九十]+([:：]\d*|点)/.test(word.trim())
}

/** `3`, `3天`, `三天`, `3日`, `两天`: a number of days; undefined otherwise. */
export function parseDays(word: string): number | undefined {
  const m = /^(\d{1,3}|[一二两三四五六七八九十]{1,3})(天|日)?$/.exec(word.trim())
  return m ? chineseNumber(m[1]!) : undefined
}

/** 红 / 红色 / 黄 / 蓝 … → the tier. */
export function parseTier(word: string): ElderTier | undefined {
  return elderText.tiers[word.trim()]
}

/** `6-3-303`: building-unit-room of a parsed nickname, '' when it has none. */
export function placeOf(p: Pick<ParsedNickname, 'building' | 'unit' | 'room'>): string {
  return [p.building, p.unit, p.room].filter(Boolean).join('-')
}

/** A word that names a flat (`6-3-303`, `6栋3单元303`): its building, unit and room; undefined for a name. */
export function parsePlace(word: string): { building: string; unit?: string; room: string } | undefined {
  const p = parseNickname(word)
  return p.building && p.room ? { building: p.building, ...(p.unit ? { unit: p.unit } : {}), room: p.room } : undefined
}

/**
 * The text of a command without its @-mentions: `@<nickname>` for each name given (a nickname may hold spaces),
 * then any `@word` left.
 */
export function withoutMentions(text: string, names: string[]): string {
  let out = text
  for (const name of names.filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(`@${name}`).join(' ')
  return out.replace(/@\S+/g, ' ').replace(/\s+/g, ' ').trim()
}

/** A short private message that is a check-in (平安, 签到, 好, 早上好, 👍, [强] …), decorated or not. */
export function isCheckInWord(text: string): boolean {
  const bare = normalizeText(text).replace(elderText.warm.decoration, '')
  return bare === '' ? text.trim() !== '' : elderText.warm.words.test(bare)
}
