import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAttachmentFetcher } from '../../src/bot/attachments.js'
import { createLogger } from '../../src/logger.js'
import { createHarness, seedCommunity } from '../support/harness.js'

function setup(failures: number) {
  const h = createHarness()
  const c = seedCommunity(h)
  h.say(c.zhang, '#报事 楼道墙皮脱落', c.grid)
  const outcome = h.say(c.zhang, '', c.grid, { kind: 'image', id: 'photo-1' })
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbot-photos-'))
  let calls = 0
  const fetcher = createAttachmentFetcher({
    repos: h.repos,
    dataDir,
    log: createLogger('silent'),
    delaysMs: [1, 1, 1],
    load: async () => {
      calls++
      if (calls <= failures) throw new Error('download timed out')
      return { name: 'photo.png', data: Buffer.from('png-bytes') }
    },
  })
  return { h, id: outcome.fetchAttachments[0]!, fetcher, calls: () => calls }
}

describe('photo downloads', () => {
  it('retries a failed download and stores the file under the case', async () => {
    const { h, id, fetcher, calls } = setup(2)
    expect(await fetcher.fetch(id)).toBe(true)
    expect(calls()).toBe(3)
    const row = h.repos.cases.attachment(id)!
    expect(row).toMatchObject({ status: 'stored', caseId: 1 })
    expect(row.path).toMatch(/attachments\/1\/photo-1\.png$/)
    expect(readFileSync(row.path!, 'utf8')).toBe('png-bytes')
  })

  it('gives up after four attempts, marks the photo failed, and keeps the case', async () => {
    const { h, id, fetcher, calls } = setup(99)
    expect(await fetcher.fetch(id)).toBe(false)
    expect(calls()).toBe(4)
    expect(h.repos.cases.attachment(id)).toMatchObject({ status: 'failed', attempts: 4, path: null })
    expect(h.repos.cases.get(1)!.state).toBe('new')
  })

  it('picks up photos left pending by a restart', async () => {
    const { h, id, fetcher } = setup(0)
    await fetcher.retryPending()
    const row = h.repos.cases.attachment(id)!
    expect(row.status).toBe('stored')
    expect(existsSync(row.path!)).toBe(true)
  })
})
