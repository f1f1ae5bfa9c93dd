import { UsageError } from './types.js'

/** Splits `<编号> <rest>`; throws UsageError when the number is missing. */
export function caseNumberAndRest(args: string, restRequired: boolean): { id: number; rest: string } {
  const m = /^#?(\d{1,9})(?:\s+|$|(?=[^\d]))([\s\S]*)$/.exec(args.trim())
  if (!m) throw new UsageError()
  const rest = (m[2] ?? '').trim()
  if (restRequired && !rest) throw new UsageError()
  return { id: Number(m[1]), rest }
}

/** Whitespace-separated words of an argument string. */
export function words(args: string): string[] {
  return args.trim().split(/\s+/).filter(Boolean)
}
