/** Someone the console can @-mention in a conversation: their id and the names they go by there. */
export interface Mentionable {
  id: string
  names: (string | undefined)[]
}

const SEPARATOR = /^(?:\s|@|$)/u

/**
 * The ids @-mentioned in `text`, in the order written. At each `@` the name is the one written there in full up to a
 * separator (a space, another `@`, the end), else the longest written there: `@小助手2 …` is 小助手2, not 小助手 and
 * a "2"; `@小助手 …` is still 小助手.
 */
export function mentionedIds(text: string, people: Mentionable[]): string[] {
  const names = people
    .flatMap((p) => p.names.filter((n): n is string => Boolean(n)).map((name) => ({ id: p.id, name })))
    .sort((a, b) => b.name.length - a.name.length)
  const ids: string[] = []
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const written = names.filter((n) => text.startsWith(n.name, at + 1))
    const hit = written.find((n) => SEPARATOR.test(text.slice(at + 1 + n.name.length))) ?? written[0]
    if (hit && !ids.includes(hit.id)) ids.push(hit.id)
  }
  return ids
}
