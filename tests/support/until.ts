/** Polls for a state the bot reaches on its own, every 10 ms; gives up after 10 s, inside a test's own timeout. */
export async function until(ok: () => boolean): Promise<boolean> {
  const end = Date.now() + 10_000
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
  return ok()
}
