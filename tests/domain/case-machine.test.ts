import { describe, expect, it } from 'vitest'
import { decide, NO_SCOPE, type CaseCommand, type CaseRecord, type StaffScope } from '../../src/domain/case-machine.js'
import { initialDeadlines } from '../../src/domain/clocks.js'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import { CASE_STATES, type CaseState } from '../../src/domain/types.js'

const T0 = Date.parse('2026-11-23T02:00:00Z')
const H = 3_600_000

function record(state: CaseState, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    state,
    reporterId: 'reporter',
    gridId: 1,
    communityId: 10,
    streetId: 100,
    category: 'repair',
    urgency: 'normal',
    assigneeId: 'worker',
    level: 0,
    departmentId: null,
    dispatchLevel: null,
    supervision: 0,
    handOns: 0,
    heldFrom: state === 'on_hold' ? 'accepted' : null,
    heldAt: state === 'on_hold' ? T0 : null,
    acceptedAt: null,
    respondedAt: null,
    resolvedAt: null,
    closedAt: null,
    signForDueAt: T0 + 0.5 * H,
    respondDueAt: T0 + 2 * H,
    resolveDueAt: T0 + 48 * H,
    signedOnTime: null,
    resolvedLevel: null,
    reopenCount: 0,
    createdAt: T0,
    ...extra,
  }
}

const staff: StaffScope = { ...NO_SCOPE, gridIds: [1] }
const commands: [string, CaseCommand, { id: string; scope: StaffScope }][] = [
  ['accept', { action: 'accept' }, { id: 'worker', scope: staff }],
  ['assign', { action: 'assign', assignee: { id: 'w2', name: '陈明' } }, { id: 'community', scope: { ...NO_SCOPE, communityIds: [10] } }],
  ['progress', { action: 'progress' }, { id: 'worker', scope: staff }],
  ['resolve', { action: 'resolve' }, { id: 'worker', scope: staff }],
  ['return', { action: 'return' }, { id: 'worker', scope: staff }],
  ['hold', { action: 'hold' }, { id: 'worker', scope: staff }],
  ['resume', { action: 'resume' }, { id: 'worker', scope: staff }],
  ['reopen', { action: 'reopen' }, { id: 'street', scope: { ...NO_SCOPE, streetIds: [100] } }],
  ['rate+', { action: 'rate', rating: 'satisfied', score: 5 }, { id: 'reporter', scope: NO_SCOPE }],
  ['rate-', { action: 'rate', rating: 'unsatisfied', score: 1 }, { id: 'reporter', scope: NO_SCOPE }],
  ['cancel', { action: 'cancel' }, { id: 'reporter', scope: NO_SCOPE }],
  ['closeUnrated', { action: 'closeUnrated' }, { id: 'system', scope: NO_SCOPE }],
  ['recategorize', { action: 'recategorize', category: 'safety', urgency: 'urgent' }, { id: 'worker', scope: staff }],
  ['correctCategory', { action: 'correctCategory', category: 'safety', urgency: 'urgent' }, { id: 'reporter', scope: NO_SCOPE }],
  ['escalate', { action: 'escalate' }, { id: 'worker', scope: staff }],
  ['dispatch', { action: 'dispatch', departmentId: 7, fromLevel: 1 }, { id: 'community', scope: { ...NO_SCOPE, communityIds: [10] } }],
]

// Written out by hand from PRODUCT.md: the state each (state, action) pair leads to, or '-' when refused.
const EXPECTED: Record<string, Partial<Record<CaseState, CaseState>>> = {
  accept: { new: 'accepted', returned: 'accepted' },
  assign: { new: 'new', accepted: 'accepted', in_progress: 'in_progress', returned: 'new' },
  progress: { new: 'in_progress', accepted: 'in_progress', in_progress: 'in_progress' },
  resolve: { new: 'resolved', accepted: 'resolved', in_progress: 'resolved' },
  return: { new: 'returned', accepted: 'returned', in_progress: 'returned' },
  hold: { new: 'on_hold', accepted: 'on_hold', in_progress: 'on_hold', returned: 'on_hold' },
  resume: { on_hold: 'accepted' },
  reopen: { resolved: 'in_progress', closed: 'in_progress' },
  'rate+': { resolved: 'closed' },
  'rate-': { resolved: 'in_progress' },
  cancel: { new: 'cancelled', accepted: 'cancelled', in_progress: 'cancelled', returned: 'cancelled', on_hold: 'cancelled' },
  closeUnrated: { resolved: 'closed' },
  // A new category leaves the state alone; only a case closed for good (or withdrawn) keeps its category.
  recategorize: {
    new: 'new',
    accepted: 'accepted',
    in_progress: 'in_progress',
    resolved: 'resolved',
    returned: 'returned',
    on_hold: 'on_hold',
  },
  correctCategory: { new: 'new', accepted: 'accepted', in_progress: 'in_progress', returned: 'returned', on_hold: 'on_hold' },
  // A hand-on leaves the case waiting for its new owner to sign for it.
  escalate: { new: 'new', accepted: 'new', in_progress: 'new', returned: 'new' },
  dispatch: { new: 'new', accepted: 'new', in_progress: 'new', returned: 'new' },
}

describe('the case machine, every (state, action) pair', () => {
  for (const [name, cmd, who] of commands) {
    for (const state of CASE_STATES) {
      const expected = EXPECTED[name]![state]
      it(`${name} from ${state} → ${expected ?? 'refused'}`, () => {
        const d = decide(record(state), cmd, who, T0 + H, DEFAULT_POLICY)
        if (expected === undefined) {
          expect(d).toEqual({ ok: false, refusal: 'state' })
        } else {
          expect(d.ok).toBe(true)
          if (d.ok) expect(d.patch.state ?? state).toBe(expected)
        }
      })
    }
  }
})

describe('who may ask', () => {
  it('refuses staff outside the case scope, and everyone but the reporter for rate and cancel', () => {
    const other = { id: 'w9', scope: { ...NO_SCOPE, gridIds: [2] } }
    expect(decide(record('new'), { action: 'accept' }, other, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'out-of-scope' })
    expect(decide(record('resolved'), { action: 'reopen' }, other, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'out-of-scope' })
    expect(decide(record('new'), { action: 'cancel' }, { id: 'worker', scope: staff }, T0, DEFAULT_POLICY)).toEqual({
      ok: false,
      refusal: 'not-reporter',
    })
    expect(
      decide(
        record('resolved'),
        { action: 'rate', rating: 'satisfied', score: 5 },
        { id: 'x', scope: { ...NO_SCOPE, all: true } },
        T0,
        DEFAULT_POLICY,
      ),
    ).toEqual({ ok: false, refusal: 'not-reporter' })
    expect(decide(record('resolved'), { action: 'closeUnrated' }, { id: 'worker', scope: staff }, T0, DEFAULT_POLICY).ok).toBe(false)
  })

  it('lets the assignee act on their case even without scope, but not reassign it', () => {
    const assignee = { id: 'worker', scope: NO_SCOPE }
    expect(decide(record('new'), { action: 'accept' }, assignee, T0, DEFAULT_POLICY).ok).toBe(true)
    expect(decide(record('new'), { action: 'assign', assignee: { id: 'x', name: 'x' } }, assignee, T0, DEFAULT_POLICY).ok).toBe(false)
  })

  it('checks scope before state, so outsiders learn nothing about a case', () => {
    expect(decide(record('closed'), { action: 'accept' }, { id: 'w9', scope: NO_SCOPE }, T0, DEFAULT_POLICY)).toEqual({
      ok: false,
      refusal: 'out-of-scope',
    })
  })
})

describe('clocks through transitions', () => {
  it('signs for on time or late, keeps the first verdict, and stops the sign-for clock', () => {
    const onTime = decide(record('new'), { action: 'accept' }, { id: 'worker', scope: staff }, T0 + 0.25 * H, DEFAULT_POLICY)
    expect(onTime.ok && onTime.patch).toMatchObject({ acceptedAt: T0 + 0.25 * H, signedOnTime: true, nextDueAt: T0 + 2 * H })
    const late = decide(record('new'), { action: 'progress' }, { id: 'worker', scope: staff }, T0 + H, DEFAULT_POLICY)
    expect(late.ok && late.patch).toMatchObject({ acceptedAt: T0 + H, respondedAt: T0 + H, signedOnTime: false, nextDueAt: T0 + 48 * H })
  })

  it('stops the clocks on hold and moves every deadline by the time held', () => {
    const held = decide(record('accepted', { acceptedAt: T0 }), { action: 'hold' }, { id: 'worker', scope: staff }, T0 + H, DEFAULT_POLICY)
    expect(held.ok && held.patch).toMatchObject({ state: 'on_hold', heldFrom: 'accepted', heldAt: T0 + H, nextDueAt: null })
    const resumed = decide(
      record('on_hold', { acceptedAt: T0, heldFrom: 'accepted', heldAt: T0 + H }),
      { action: 'resume' },
      { id: 'worker', scope: staff },
      T0 + 4 * H,
      DEFAULT_POLICY,
    )
    expect(resumed.ok && resumed.patch).toMatchObject({
      state: 'accepted',
      respondDueAt: T0 + 5 * H,
      resolveDueAt: T0 + 51 * H,
      nextDueAt: T0 + 5 * H,
    })
  })

  it('starts the resolve clock and the ladder over on reopen, keeps the owner, and records the level a case was solved at', () => {
    const resolved = decide(
      record('in_progress', { level: 1, acceptedAt: T0, respondedAt: T0 }),
      { action: 'resolve' },
      { id: 'worker', scope: staff },
      T0 + 3 * H,
      DEFAULT_POLICY,
    )
    expect(resolved.ok && resolved.patch).toMatchObject({ resolvedAt: T0 + 3 * H, resolvedLevel: 1, nextDueAt: null })
    const reopened = decide(
      record('resolved', { level: 1, supervision: 2, resolvedAt: T0 + 3 * H, acceptedAt: T0, respondedAt: T0 }),
      { action: 'reopen' },
      { id: 'community', scope: { ...NO_SCOPE, communityIds: [10] } },
      T0 + 10 * H,
      DEFAULT_POLICY,
    )
    expect(reopened.ok && reopened.patch).not.toHaveProperty('level')
    expect(reopened.ok && reopened.patch).toMatchObject({
      state: 'in_progress',
      supervision: 0,
      reopenCount: 1,
      resolvedAt: null,
      resolveDueAt: T0 + 58 * H,
      nextDueAt: T0 + 58 * H,
    })
  })
})

describe('a new category', () => {
  const worker = { id: 'worker', scope: staff }
  const toSafety: CaseCommand = { action: 'recategorize', category: 'safety', urgency: 'urgent' }

  it('times every running clock afresh from the filing, with the new durations', () => {
    const d = decide(record('new'), toSafety, worker, T0 + 0.05 * H, DEFAULT_POLICY)
    expect(d.ok && d.patch).toMatchObject({
      category: 'safety',
      urgency: 'urgent',
      signForDueAt: T0 + H / 12,
      respondDueAt: T0 + 0.5 * H,
      resolveDueAt: T0 + 4 * H,
      nextDueAt: T0 + H / 12,
      nextRuleAt: T0 + H / 15, // the warning at 80% of 5 minutes
    })
  })

  it('keeps a met clock as it was, and moves a clock shifted by a hold by the difference of the durations', () => {
    const accepted = decide(record('accepted', { acceptedAt: T0 + 0.2 * H }), toSafety, worker, T0 + H, DEFAULT_POLICY)
    expect(accepted.ok && accepted.patch).toMatchObject({ signForDueAt: T0 + 0.5 * H, respondDueAt: T0 + 0.5 * H, nextDueAt: T0 + 0.5 * H })
    // Held 3 hours and resumed: respond and resolve were moved by 3 h.
    const resumed = record('accepted', { acceptedAt: T0, respondDueAt: T0 + 5 * H, resolveDueAt: T0 + 51 * H })
    const d = decide(resumed, { action: 'recategorize', category: 'hygiene', urgency: 'normal' }, worker, T0 + 4 * H, DEFAULT_POLICY)
    expect(d.ok && d.patch).toMatchObject({ respondDueAt: T0 + 5 * H, resolveDueAt: T0 + 27 * H, nextDueAt: T0 + 5 * H })
  })

  it('counts working time afresh when the policy sets working hours', () => {
    const policy = { ...DEFAULT_POLICY, workingHours: [[510, 720] as [number, number], [810, 1050] as [number, number]] }
    const tz = 'Asia/Shanghai'
    const filed = initialDeadlines(policy, 'repair', 'normal', T0, tz)
    const d = decide(record('new', filed), { action: 'recategorize', category: 'hygiene', urgency: 'normal' }, worker, T0 + H, policy, tz)
    const { signForDueAt, respondDueAt, resolveDueAt } = initialDeadlines(policy, 'hygiene', 'normal', T0, tz)
    expect(resolveDueAt).toBeLessThan(filed.resolveDueAt)
    expect(d.ok && d.patch).toMatchObject({ signForDueAt, respondDueAt, resolveDueAt })
  })

  it('refuses the category the case has, after scope, so outsiders learn nothing', () => {
    const same: CaseCommand = { action: 'recategorize', category: 'repair', urgency: 'normal' }
    expect(decide(record('new'), same, worker, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'unchanged' })
    expect(decide(record('new'), same, { id: 'w9', scope: NO_SCOPE }, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'out-of-scope' })
    expect(decide(record('new'), { ...same, action: 'correctCategory' }, worker, T0, DEFAULT_POLICY)).toEqual({
      ok: false,
      refusal: 'not-reporter',
    })
  })
})

describe('ownership: hand-ons and who acts for the owner', () => {
  const worker = { id: 'worker', scope: staff }
  const community = { id: 'c1', scope: { ...NO_SCOPE, communityIds: [10] } }
  const street = { id: 's1', scope: { ...NO_SCOPE, streetIds: [100] } }
  const handler = { id: 'd1', scope: { ...NO_SCOPE, departmentIds: [7] } }
  const department = (extra: Partial<CaseRecord> = {}) =>
    record('new', { level: 3, departmentId: 7, dispatchLevel: 1, assigneeId: null, handOns: 1, ...extra })

  it('#上报 goes one level up, unassigned, with fresh clocks for the new owner and a new ladder cycle', () => {
    const d = decide(record('accepted', { acceptedAt: T0, signedOnTime: true }), { action: 'escalate' }, worker, T0 + H, DEFAULT_POLICY)
    expect(d.ok && d.patch).toMatchObject({
      level: 1,
      state: 'new',
      assigneeId: null,
      acceptedAt: null,
      signedOnTime: true, // the grid's own verdict stays
      signForDueAt: T0 + 1.5 * H,
      respondDueAt: T0 + 3 * H,
      resolveDueAt: T0 + 49 * H,
      supervision: 0,
      handOns: 1,
    })
    expect(decide(record('new', { level: 2 }), { action: 'escalate' }, street, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'top' })
    expect(decide(department(), { action: 'escalate' }, handler, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'department' })
  })

  it('keeps a met response met: a reporter who had an answer is not owed another', () => {
    const d = decide(
      record('in_progress', { acceptedAt: T0, respondedAt: T0 + 0.5 * H }),
      { action: 'dispatch', departmentId: 7, fromLevel: 1 },
      community,
      T0 + H,
      DEFAULT_POLICY,
    )
    expect(d.ok && d.patch).toMatchObject({
      level: 3,
      departmentId: 7,
      dispatchLevel: 1,
      respondDueAt: T0 + 2 * H,
      nextDueAt: T0 + 1.5 * H,
    })
  })

  it('refuses whoever sees the case but does not act for its owner', () => {
    const owned = record('new', { level: 1, assigneeId: null })
    expect(decide(owned, { action: 'accept' }, worker, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'not-owner' })
    expect(decide(owned, { action: 'accept' }, community, T0, DEFAULT_POLICY).ok).toBe(true)
    expect(decide(owned, { action: 'accept' }, street, T0, DEFAULT_POLICY).ok).toBe(true)
    // #改类 is for anyone who sees it.
    expect(decide(owned, { action: 'recategorize', category: 'safety', urgency: 'urgent' }, worker, T0, DEFAULT_POLICY).ok).toBe(true)
    // A department's case: its handlers, and the level that dispatched it or above; not the grid.
    expect(decide(department(), { action: 'accept' }, handler, T0, DEFAULT_POLICY).ok).toBe(true)
    expect(decide(department(), { action: 'accept' }, community, T0, DEFAULT_POLICY).ok).toBe(true)
    expect(decide(department(), { action: 'accept' }, worker, T0, DEFAULT_POLICY)).toEqual({ ok: false, refusal: 'not-owner' })
    expect(decide(department({ dispatchLevel: 2 }), { action: 'accept' }, community, T0, DEFAULT_POLICY)).toEqual({
      ok: false,
      refusal: 'not-owner',
    })
    expect(
      decide(department(), { action: 'accept' }, { id: 'd2', scope: { ...NO_SCOPE, departmentIds: [8] } }, T0, DEFAULT_POLICY),
    ).toEqual({
      ok: false,
      refusal: 'out-of-scope',
    })
  })

  it('#退回 from a department goes back to the level that dispatched it; from the grid to the community', () => {
    const back = decide(department({ dispatchLevel: 2 }), { action: 'return' }, handler, T0 + H, DEFAULT_POLICY)
    expect(back.ok && back.patch).toMatchObject({ state: 'returned', level: 2, departmentId: null, dispatchLevel: null, handOns: 2 })
    const fromGrid = decide(record('new'), { action: 'return' }, worker, T0 + H, DEFAULT_POLICY)
    expect(fromGrid.ok && fromGrid.patch).toMatchObject({ state: 'returned', level: 1, assigneeId: null, handOns: 1 })
    // Given back by its community handler, a community's case stays the community's: no hand-on, the clocks go on.
    const same = decide(record('accepted', { level: 1, assigneeId: 'c1' }), { action: 'return' }, community, T0 + H, DEFAULT_POLICY)
    expect(same.ok && same.patch).not.toHaveProperty('handOns')
  })

  it('counts a case a department resolved at the level that dispatched it', () => {
    const d = decide(department({ state: 'in_progress', acceptedAt: T0 }), { action: 'resolve' }, handler, T0 + H, DEFAULT_POLICY)
    expect(d.ok && d.patch).toMatchObject({ resolvedLevel: 1 })
  })

  it('#指派 to another owner is a hand-on; to someone of the same owner it keeps the clocks', () => {
    const other = decide(
      record('returned', { level: 1, assigneeId: null }),
      {
        action: 'assign',
        assignee: { id: 'w2', name: '陈明' },
        owner: { level: 0, departmentId: null, dispatchLevel: null, place: { gridId: 2, communityId: 10, streetId: 100 } },
      },
      community,
      T0 + H,
      DEFAULT_POLICY,
    )
    expect(other.ok && other.patch).toMatchObject({
      state: 'new',
      level: 0,
      gridId: 2,
      assigneeId: 'w2',
      handOns: 1,
      signForDueAt: T0 + 1.5 * H,
    })
    const same = decide(
      record('accepted', { acceptedAt: T0 }),
      { action: 'assign', assignee: { id: 'w3', name: '王五' }, owner: { level: 0, departmentId: null, dispatchLevel: null } },
      community,
      T0 + H,
      DEFAULT_POLICY,
    )
    expect(same.ok && same.patch).toMatchObject({ state: 'accepted', assigneeId: 'w3' })
    expect(same.ok && same.patch).not.toHaveProperty('handOns')
  })
})
