import { mkdir, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { Logger } from '../logger.js'
import type { Repos } from '../store/repos.js'

/** Downloads an image message's bytes (Wechaty's messageFile in production). */
export type ImageLoader = (messageId: string) => Promise<{ name: string; data: Buffer }>

const DELAYS_MS = [1_000, 4_000, 15_000]

/** Stores case photos under GRIDBOT_DATA_DIR/attachments/<case>/, retrying a failed download. */
export function createAttachmentFetcher(o: {
  repos: Repos
  dataDir: string
  load: ImageLoader
  log: Logger
  delaysMs?: number[]
  /** A download ended and outbox rows forwarding that photo were released (to send them now). */
  released?: () => void
}) {
  const delays = o.delaysMs ?? DELAYS_MS
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms).unref?.())

  async function fetch(id: number): Promise<boolean> {
    const row = o.repos.cases.attachment(id)
    if (!row?.caseId || row.status === 'stored') return row?.status === 'stored'
    for (let attempt = 1; ; attempt++) {
      try {
        const file = await o.load(row.messageId)
        const dir = join(o.dataDir, 'attachments', String(row.caseId))
        await mkdir(dir, { recursive: true })
        const path = join(dir, `${row.messageId.replace(/[^\w.-]/g, '_')}${extname(file.name) || '.jpg'}`)
        await writeFile(path, file.data)
        const released = o.repos.transaction(() => {
          o.repos.cases.markAttachment(id, { status: 'stored', path })
          return o.repos.outbox.photoReady(id, true)
        })
        if (released) o.released?.()
        return true
      } catch (err) {
        const done = attempt > delays.length
        o.repos.transaction(() => {
          o.repos.cases.markAttachment(id, { status: done ? 'failed' : 'pending', attempts: attempt })
          if (done) o.repos.outbox.photoReady(id, false)
        })
        o.log.warn({ attachmentId: id, attempt, err }, done ? 'image download failed' : 'image download failed, retrying')
        if (done) return false
        await wait(delays[attempt - 1]!)
      }
    }
  }

  return {
    fetch,
    /** Retries images left pending by a restart. */
    async retryPending(): Promise<void> {
      for (const row of o.repos.cases.pendingAttachments()) await fetch(row.id)
    },
  }
}
