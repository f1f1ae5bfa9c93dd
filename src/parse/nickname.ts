import type { ParsedNickname } from '../domain/types.js'
import { NUM, normalizeText, toDigits } from './normalize.js'

// 3-2-502, 3#2-502, 3_2_502 (building-unit-room) and 3-502 (building-room).
const DASH3 = /(\d{1,4})\s*[-#_—－]\s*(\d{1,2})\s*[-#_—－]\s*(\d{2,5})/
const DASH2 = /(\d{1,4})\s*[-#_—－]\s*(\d{3,5})/
// 3栋2单元502, 12号楼3单元1201室, 5幢301, 7号1单元101
const CHINESE = new RegExp(`${NUM}\\s*(?:号楼|栋|幢|座|号|#|楼)\\s*(?:${NUM}\\s*单元)?\\s*(?:(\\d{2,5})\\s*(?:室|号)?)?`)

/** Splits a group nickname such as `3-2-502 张三` or `张三 12号楼3单元1201室` into name and address. */
export function parseNickname(raw: string): ParsedNickname {
  const text = normalizeText(raw)
  for (const re of [DASH3, CHINESE, DASH2]) {
    const m = re.exec(text)
    if (!m) continue
    const address =
      re === DASH3
        ? { building: m[1], unit: m[2], room: m[3] }
        : re === DASH2
          ? { building: m[1], room: m[2] }
          : { building: toDigits(m[1]), unit: toDigits(m[2]), room: m[3] }
    if (re === CHINESE && !address.unit && !address.room) continue
    const name = cleanName(text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length))
    return { name: name || text, ...definedOnly(address) }
  }
  return { name: cleanName(text) || text }
}

const TITLES = /(网格员|网格长|楼长|社区|街道|管理员)/g

function cleanName(text: string): string {
  const stripped = text.replace(/[(（][^)）]*(管理员|网格员|网格长|楼长)[^)）]*[)）]/g, ' ')
  const withoutTitles = stripped.replace(TITLES, ' ').trim()
  // 丛网格长 is how that person is called: a surname left alone by dropping the title would be a fragment.
  const kept = withoutTitles.replace(/\s+/g, '').length > 1 ? withoutTitles : ''
  return (kept || stripped)
    .replace(/[()（）[\]【】|｜/\\,，:：\-—_·•]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function definedOnly<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<Record<keyof T, string>>
}
