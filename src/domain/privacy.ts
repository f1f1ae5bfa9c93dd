/** Mainland mobile numbers (with optional +86 and separators): masked as 138****1234 in group messages. */
const PHONE = /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/g

/** Masks every mobile number in a text. */
export function maskPhones(text: string): string {
  return text.replace(PHONE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
}
