// #案件 and #统计 over a small and a large history: 200 open cases either way (a district's working set),
// and 800 or 99,800 closed ones (months or years of history). Cost should follow the open set, not the history.
import { coreHandler } from '../../tests/support/core.js'
import { DAY, HOUR } from '../../src/clock.js'
import { CATEGORIES } from '../../src/domain/types.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { FakeClock } from '../../tests/support/fake-clock.js'
import { benchDeps, report, tempFile } from './common.js'

const total = Number(process.argv[2] ?? 100_000)
const OPEN = 200
const clock = new FakeClock()
const open = openDatabase(tempFile('cases.db'))
const repos = createRepos(open)
const handler = coreHandler(benchDeps(repos, clock))

// 5 communities × 4 grids; community staff of the first community asks.
const grids: { gridId: number; communityId: number; streetId: number }[] = []
const streetId = repos.directory.upsertStreet('幸福街道')
for (let c = 1; c <= 5; c++) {
  const communityId = repos.directory.upsertCommunity(`社区${c}`, streetId)
  for (let g = 1; g <= 4; g++) grids.push({ gridId: repos.directory.upsertGrid(communityId, `${g}号网格`), communityId, streetId })
}
repos.directory.setRole(
  { contactId: 'staff', name: '刘洋', role: 'community', scopeKind: 'community', scopeId: grids[0]!.communityId, updatedAt: 0 } as never,
  0,
)
const now = clock.now()
repos.transaction(() => {
  for (let i = 0; i < total; i++) {
    const g = grids[i % grids.length]!
    const isOpen = i >= total - OPEN
    const createdAt = now - (total - i) * (isOpen ? HOUR / 10 : DAY / 100)
    const c = repos.cases.create({
      ...g,
      roomId: `g${g.gridId}@chatroom`,
      reporterId: `r${i % 997}`,
      reporterName: '居民',
      text: '楼道灯不亮',
      category: CATEGORIES[i % CATEGORIES.length]!,
      urgency: i % 10 === 0 ? 'urgent' : 'normal',
      location: { building: '3' },
      locationFromNickname: false,
      assigneeId: `w${g.gridId}`,
      assigneeName: '网格员',
      sourceMessageId: `m${i}`,
      createdAt,
      signForDueAt: createdAt + HOUR / 2,
      respondDueAt: createdAt + 2 * HOUR,
      resolveDueAt: createdAt + 2 * DAY,
      nextDueAt: isOpen ? createdAt + HOUR / 2 : null,
      nextRuleAt: isOpen ? createdAt + 0.4 * HOUR : null,
    })
    if (!isOpen)
      repos.cases.update(
        c.id,
        {
          state: 'closed',
          acceptedAt: createdAt + HOUR / 4,
          signedOnTime: true,
          resolvedAt: createdAt + HOUR,
          resolvedLevel: i % 10 === 0 ? 1 : 0,
          closedAt: createdAt + 2 * HOUR,
          rating: 'satisfied',
          ratingScore: 5,
          ratedAt: createdAt + 2 * HOUR,
        },
        createdAt,
      )
  }
})

let seq = 0
function time(text: string, runs = 200): number {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const o = handler.handle({
      id: `q${seq++}`,
      roomId: null,
      senderId: 'staff',
      senderName: '刘洋',
      kind: 'text',
      text,
      mentionIds: [],
      self: false,
    })
    samples.push(performance.now() - t)
    if (o.status !== 'handled' || !o.out[0]?.text) throw new Error('no answer')
  }
  samples.sort((a, b) => a - b)
  return Number(samples[Math.floor(runs / 2)]!.toFixed(3))
}

report({
  scenario: `case-list-${total}`,
  stored: total,
  open: OPEN,
  listMs: time('#案件'),
  overdueMs: time('#案件 超期'),
  doneMs: time('#案件 已办结', 50),
  statsMonthMs: time('#统计 本月', 50),
})
