import type { Clock } from '../../src/clock.js'
import { parseDuration } from '../../src/domain/duration.js'

/** A clock that moves only when told. */
export class FakeClock implements Clock {
  constructor(private ms = Date.parse('2026-11-23T02:00:00Z')) {}
  now(): number {
    return this.ms
  }
  advance(by: string | number): void {
    const ms = typeof by === 'number' ? by : parseDuration(by)
    if (ms === undefined || !Number.isFinite(ms)) throw new Error(`FakeClock.advance: bad duration ${by}`)
    this.ms += ms
  }
  set(ms: number): void {
    this.ms = ms
  }
}
