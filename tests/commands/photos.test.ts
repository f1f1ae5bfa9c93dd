import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAttachmentFetcher } from '../../src/bot/attachments.js'
import { createLogger } from '../../src/logger.js'
import { createHarness, seedCommunity, type Harness } from '../support/harness.js'

const image = (id: string) => ({ kind: 'image' as const, id })

/** The real fetcher over the harness's database, downloading instantly. */
function fetcher(h: Harness) {
  let released = 0
  const f = createAttachmentFetcher({
    repos: h.repos,
    dataDir: mkdtempSync(join(tmpdir(), 'gridbot-photos-')),
    log: createLogger('silent'),
    delaysMs: [1],
    load: async (messageId) => {
      if (messageId.startsWith('broken')) throw new Error('download failed')
      return { name: 'p.jpg', data: Buffer.from(messageId) }
    },
    released: () => void released++,
  })
  return { fetch: f.fetch, released: () => released }
}

describe('photos of a case (issue 14, item 8)', () => {
  it('a burst of photos after the report: the reporter is told once, the handler gets a line and every photo', async () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道墙皮脱落', c.grid)
    h.take()
    h.clock.advance('1m')
    const fetched = [h.say(c.zhang, '', c.grid, image('p1')), h.say(c.zhang, '', c.grid, image('p2'))]
    h.clock.advance('30s')
    fetched.push(h.say(c.zhang, '', c.grid, image('p3')))
    const out = h.take()
    expect(out.filter((o) => o.kind === 'text').map((o) => [o.conversationId, o.text])).toEqual([
      [c.grid, '照片已附到编号 1'],
      [c.worker.id, `编号 1 ${c.zhang.nickname}补充了照片：`],
    ])
    expect(out[0]!.mentionIds).toEqual([c.zhang.id])
    const photos = out.filter((o) => o.kind === 'image')
    expect(photos.map((o) => [o.conversationId, o.isRoom, o.status])).toEqual([
      [c.worker.id, false, 'held'],
      [c.worker.id, false, 'held'],
      [c.worker.id, false, 'held'],
    ])
    // Each goes out once its file is downloaded; one that is never downloaded is given up, not sent.
    const f = fetcher(h)
    for (const o of fetched) await f.fetch(o.fetchAttachments[0]!)
    expect(h.sent().filter((o) => o.kind === 'image' && o.status === 'queued')).toHaveLength(3)
    expect(f.released()).toBe(3)
    expect(photos.map((o) => h.repos.cases.attachment(o.attachmentId!)!.messageId)).toEqual(['p1', 'p2', 'p3'])

    // A later burst is told again.
    h.clock.advance('5m')
    h.say(c.zhang, '', c.grid, image('broken-p4'))
    expect(
      h
        .take()
        .filter((o) => o.kind === 'text')
        .map((o) => o.text),
    ).toEqual(['照片已附到编号 1', `编号 1 ${c.zhang.nickname}补充了照片：`])
    await f.fetch(h.repos.cases.attachmentsOf(1).find((a) => a.messageId === 'broken-p4')!.id)
    expect(h.sent().find((o) => o.kind === 'image' && o.status === 'failed')).toMatchObject({ lastError: 'photo was not downloaded' })
  })

  it('photos sent before the report: 新案件 says how many, and the handler gets them; #查询 counts them', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '', c.grid, image('b1'))
    h.say(c.zhang, '', c.grid, image('b2'))
    expect(h.take()).toEqual([])
    h.say(c.zhang, '#报事 楼道墙皮脱落', c.grid)
    const out = h.take()
    expect(out[0]!.text).toContain('已附照片 2 张')
    const toWorker = out.filter((o) => o.conversationId === c.worker.id)
    expect(toWorker.map((o) => o.kind)).toEqual(['text', 'image', 'image'])
    expect(toWorker[0]!.text).toContain('内容：楼道墙皮脱落\n照片：2 张（随后发给你）\n受理请发 #受理 1')
    h.say(c.zhang, '', c.grid, image('a1'))
    h.say(c.zhang, '#查询 1', null)
    expect(h.take().at(-1)!.text).toContain('内容：楼道墙皮脱落\n照片：3 张')
    h.say(c.worker, '#查询 1', null)
    expect(h.take()[0]!.text).toContain('照片：3 张')
  })

  it('#指派 forwards the photos to the new handler', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '', c.grid, image('b1'))
    h.say(c.zhang, '#报事 楼道墙皮脱落', c.grid)
    h.take()
    h.say(c.worker, '#指派 1', null, { mentionIds: [c.staff.id] })
    const toStaff = h.take().filter((o) => o.conversationId === c.staff.id)
    expect(toStaff.map((o) => o.kind)).toEqual(['text', 'image'])
    expect(toStaff[0]!.text).toContain('照片：1 张（随后发给你）')
  })

  it('a privately filed case takes photos sent privately, never ones sent in the group (nothing about it is said there)', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '', null, image('private-before'))
    h.say(c.zhang, '#报事 家门口有人乱贴小广告', null)
    expect(h.take()[0]!.text).toContain('已附照片 1 张')
    h.say(c.zhang, '', null, image('private-after'))
    expect(
      h
        .take()
        .filter((o) => o.kind === 'text')
        .map((o) => [o.conversationId, o.text]),
    ).toEqual([
      [c.zhang.id, '照片已附到编号 1'],
      [c.worker.id, `编号 1 ${c.zhang.nickname}补充了照片：`],
    ])
    h.say(c.zhang, '', c.grid, image('in-group'))
    expect(h.take()).toEqual([])
    expect(
      h.repos.cases
        .attachmentsOf(1)
        .map((a) => a.messageId)
        .sort(),
    ).toEqual(['private-after', 'private-before'])
  })

  it('a handler who reported it themself is not sent their own photos', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.worker, '', c.grid, image('w1'))
    h.say(c.worker, '#报事 5号楼门口井盖松了', c.grid)
    const out = h.take()
    expect(out.filter((o) => o.kind === 'image')).toEqual([])
    expect(out.find((o) => o.conversationId === c.worker.id && o.text.includes('新案件'))!.text).toContain('照片：1 张\n')
  })
})
