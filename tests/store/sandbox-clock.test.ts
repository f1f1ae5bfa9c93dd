import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, MINUTE, createShiftableClock } from '../../src/clock.js'
import { createSandboxClockRepo, databaseClock, openSandboxClock } from '../../src/store/sandbox-clock-repo.js'
import { createHarness, seedCommunity } from '../support/harness.js'
import { FakeClock } from '../support/fake-clock.js'

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'gridbot-sandbox-clock-')), 'gridbot.db')

/** The sandbox's database, opened as main.ts opens it, on a wall clock the test moves. */
function sandboxOn(file: string, wall: FakeClock) {
  const h = createHarness({ file })
  const repo = createSandboxClockRepo(h.db.db, h.db.sqlite)
  return { h, repo, clock: openSandboxClock(repo, wall) }
}

describe("the sandbox's clock kept with its data", () => {
  it('a restart resumes where the clock was moved to (the wall clock having run on meanwhile), and the overdue case stays overdue', () => {
    const file = fileIn()
    const wall = new FakeClock(Date.parse('2026-12-01T07:36:00Z')) // 12-01 15:36 in Shanghai
    const first = sandboxOn(file, wall)
    const c = seedCommunity(first.h)
    first.h.clock.set(first.clock.now())
    first.h.say(c.zhang, '#报事 3号楼2单元楼道灯不亮', c.grid)
    first.clock.advance(3 * DAY + 5 * HOUR + 19 * MINUTE) // +1天 three times and a few hours: 12-04 20:55
    expect(first.clock.now()).toBe(Date.parse('2026-12-04T12:55:00Z'))
    first.h.db.close()

    wall.advance('2m') // the restart takes two minutes
    const second = sandboxOn(file, wall)
    expect(second.clock.now()).toBe(Date.parse('2026-12-04T12:57:00Z'))
    second.h.clock.set(second.clock.now())
    second.h.say(c.worker, '#查询 1', null)
    const reply = second.h.take().at(-1)!.text
    expect(reply).toContain('已超期')
    expect(reply).not.toMatch(/还剩/)
    second.h.db.close()
  })

  it('never starts before the newest stored time: data from before the clock was kept, or a wall clock set back', () => {
    const file = fileIn()
    const h = createHarness({ file })
    const c = seedCommunity(h)
    h.clock.set(Date.parse('2026-12-04T12:55:00Z'))
    h.say(c.zhang, '#报事 3号楼2单元楼道灯不亮', c.grid) // stored by a moved clock, with no offset kept
    h.db.close()

    const wall = new FakeClock(Date.parse('2026-12-01T07:40:00Z'))
    const again = sandboxOn(file, wall)
    expect(again.clock.now()).toBe(Date.parse('2026-12-04T12:55:00Z'))
    wall.advance('1m')
    expect(again.clock.now()).toBe(Date.parse('2026-12-04T12:56:00Z')) // and runs on from there
    expect(again.repo.offset()).toBe(again.clock.offset())
    again.h.db.close()
  })

  it('does not run backwards while it runs: a wall clock set back moves the offset up instead', () => {
    const wall = new FakeClock(Date.parse('2026-12-01T07:36:00Z'))
    const kept: number[] = []
    const clock = createShiftableClock(wall, { onMove: (o) => kept.push(o) })
    const before = clock.now()
    wall.advance(-10 * MINUTE)
    expect(clock.now()).toBe(before)
    wall.advance('1m')
    expect(clock.now()).toBe(before + MINUTE)
    expect(kept).toEqual([10 * MINUTE])
  })

  it('a move while the database cannot write (a full disk) still moves the clock, and the next move keeps it', () => {
    const wall = new FakeClock(Date.parse('2026-12-01T07:36:00Z'))
    const s = sandboxOn(fileIn(), wall)
    const save = s.repo.save
    s.repo.save = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    }
    s.clock.advance(DAY)
    expect(s.clock.now()).toBe(wall.now() + DAY)
    s.repo.save = save
    s.clock.advance(HOUR)
    expect(s.repo.offset()).toBe(DAY + HOUR)
    s.h.db.close()
  })

  it("the tools read a sandbox's database at its clock, and a database no sandbox ran on at the wall clock", () => {
    const wall = new FakeClock(Date.parse('2026-12-01T07:36:00Z'))
    const file = fileIn()
    const s = sandboxOn(file, wall)
    s.clock.advance(2 * DAY)
    expect(databaseClock(s.repo, wall).now()).toBe(wall.now() + 2 * DAY)
    s.repo.clear() // a production start on it
    expect(databaseClock(s.repo, wall)).toBe(wall)
    s.h.db.close()
  })
})
