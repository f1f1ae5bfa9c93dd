import { describe, expect, it } from 'vitest'
import { analyzeReport } from '../../src/parse/report.js'
import { LABELLED } from './report-table.js'

describe('report parser over labelled group-chat messages', () => {
  it('has a table of at least 150 messages with at least 40 chit-chat negatives', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(150)
    expect(LABELLED.filter(([, c]) => c === null).length).toBeGreaterThanOrEqual(40)
  })

  it.each(LABELLED.filter(([, c]) => c !== null))('%s → %s', (text, category, urgent) => {
    const a = analyzeReport(text)
    expect(a.category).toBe(category)
    expect(a.urgency).toBe(urgent ? 'urgent' : 'normal')
    expect(a.looksLikeProblem).toBe(true)
  })

  it.each(LABELLED.filter(([, c]) => c === null))('%s is chit-chat', (text) => {
    expect(analyzeReport(text).looksLikeProblem).toBe(false)
  })
})
