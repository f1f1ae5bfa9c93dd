import { CATEGORIES, type Category } from '../domain/types.js'
import { CATEGORY_LABELS } from '../text/labels.js'

/** Every word that names a category: its label (安全隐患) and either half (安全, 隐患; 卫生, 维修, 纠纷, 服务, 设施 …). */
const CATEGORY_WORDS = new Map<string, Category>(
  CATEGORIES.flatMap((k) => {
    const label = CATEGORY_LABELS[k]
    return [label, label.slice(0, 2), label.slice(2)].filter(Boolean).map((w) => [w, k] as const)
  }),
)

/** The category a word names (安全隐患, 安全, 隐患, 维修 …); undefined for any other word. */
export function categoryOfWord(word: string): Category | undefined {
  return CATEGORY_WORDS.get(word.trim())
}

/** The words, longest first, so that 环境卫生 is read whole rather than as 环境. */
const WORD = new RegExp([...CATEGORY_WORDS.keys()].sort((a, b) => b.length - a.length).join('|'), 'g')
/** The message says the category is wrong, or what it should be. */
const CUE = /不对|错了|错啦|分错|弄错|搞错|有误|不是|应该|应当|应是|应为|应属|应算|改成|改为|改到|换成|换为|归为|归到|归入/
/** Just before the category meant: 是 (应该是, 就是), 改成, 改为, 属于 …; a positive 是, not 不是. */
const MEANT_AFTER = /(?:改成|改为|改到|换成|换为|归为|归到|归入|应为|应属|应算|属于|是)\s*[:：]?\s*$/
const DENIED_AFTER = /不\s*(?:是|属于|算)\s*[:：]?\s*$/
/** A category word stands alone, not inside another (卫生间, 安全通道, 安全的). */
const WORD_END = /^(?:$|[\s，,。.!！~～、;；)）]|的?(?:类|问题|方面|事)|吧|啊|呀|哈|哦|嘛|不是|不对)/
/** 类别不对 / 分类错了 / 分错了: then the one category named is the one meant, even without 是. */
const WRONG_CATEGORY = /(?:类别|分类|类型)\S{0,2}(?:不对|错|有误)|分错/
/** A question is not a correction (是安全隐患吗？). */
const QUESTION = /吗|[?？]/
/** Corrections are short; a longer message is a report or conversation. */
const MAX_CORRECTION_CHARS = 40

/**
 * The category a reporter's correction of the bot's confirmation asks for — 类别不对，是安全隐患 / 不是维修 是纠纷 /
 * 应该是邻里纠纷 / 改成安全隐患 — or undefined. It takes a correction cue (不对, 不是, 应该, 改成 …) and one category
 * meant: the one after 是/改成/属于 (not after 不是), or, after 类别不对, the only one named. A message that merely
 * names a category (这是安全隐患), or names none, is not a correction.
 */
export function parseCorrection(text: string): Category | undefined {
  const s = text.trim()
  if (!s || s.length > MAX_CORRECTION_CHARS || QUESTION.test(s) || !CUE.test(s)) return undefined
  const named = [...s.matchAll(WORD)].filter((m) => WORD_END.test(s.slice(m.index + m[0].length)))
  const denied = (m: RegExpMatchArray) => DENIED_AFTER.test(s.slice(0, m.index))
  const meant = new Set(named.filter((m) => MEANT_AFTER.test(s.slice(0, m.index)) && !denied(m)).map((m) => CATEGORY_WORDS.get(m[0])!))
  if (meant.size === 1) return [...meant][0]
  const only = named.length === 1 ? named[0]! : undefined
  return meant.size === 0 && only && WRONG_CATEGORY.test(s) && !denied(only) ? CATEGORY_WORDS.get(only[0]) : undefined
}
