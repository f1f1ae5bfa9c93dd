/** Chinese punctuation that stays as people wrote it (NFKC would turn ， into ,). */
const KEEP = /[^，！？：；（）]+/g

/** Control characters (NUL and the rest of C0 but tab and line breaks, DEL) and lone surrogate halves. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Drops control characters and lone surrogates: nothing a user sends is stored or echoed with them. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '')
}

/**
 * NFKC except for Chinese punctuation (full-width ＃１２ＡＢ → #12AB), WeChat's mention space (U+2005)
 * and other blanks to one space, trimmed.
 */
export function normalizeText(text: string): string {
  return text
    .replace(KEEP, (run) => run.normalize('NFKC'))
    .replace(/[\u2005\u3000\u00a0\t]/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/** 一 … 九十九 to a number; undefined for anything else. */
export function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text)
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text)
  if (!m || text === '') return undefined
  const [, tens, ten, ones] = m
  if (!ten) return tens && !ones ? CN_DIGITS[tens] : undefined
  return (tens ? CN_DIGITS[tens]! : 1) * 10 + (ones ? CN_DIGITS[ones]! : 0)
}

/** A number written in digits or small Chinese numerals, as a digit string. */
export const NUM = '(\\d+|[一二两三四五六七八九十]{1,3})'

/** Turns a NUM capture into a digit string. */
export function toDigits(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const n = chineseNumber(text)
  return n === undefined ? undefined : String(n)
}
