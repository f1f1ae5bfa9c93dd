import { describe, expect, it } from 'vitest'
import { toRoom } from '../../src/domain/outgoing.js'
import { defineRule } from '../../src/rules/rule.js'
import { runTick } from '../../src/rules/run-tick.js'
import { createHarness } from '../support/harness.js'

describe('the tick', () => {
  it('rolls back only the subject that fails, and fires each step once', () => {
    const h = createHarness()
    const say = defineRule<string>({
      id: 'say',
      due: () => ['a', 'b', 'c'],
      subject: (s) => s,
      fire: ({ claim }, subject) => {
        if (!claim('once')) return []
        if (subject === 'b') throw new Error('b is broken')
        return [toRoom('g@chatroom', `hello ${subject}`)]
      },
    })
    const errors: string[] = []
    const first = runTick(h.deps, [say], h.clock.now(), (rule, err) => errors.push(`${rule}: ${(err as Error).message}`))
    expect(first).toEqual({ fired: 2, messages: 2, failed: 1 })
    expect(errors).toEqual(['say: b is broken'])
    expect(h.sent().map((o) => o.text)).toEqual(['hello a', 'hello c'])
    const second = runTick(h.deps, [say], h.clock.now(), () => undefined)
    expect(second).toEqual({ fired: 0, messages: 0, failed: 1 }) // b is tried again (and fails again); a and c do not repeat
    expect(h.sent()).toHaveLength(2)
  })
})
