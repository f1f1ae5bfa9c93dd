import { PuppetMock } from 'wechaty-puppet-mock'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'

/**
 * A provider that is strict about its session: stopping its puppet logs the account out, and it
 * never logs itself back in (SandboxPuppet does, which hides a client that stops it). Counts both.
 */
export class SessionLosingPuppet extends SandboxPuppet {
  /** How often the puppet was stopped (by a client's `stop` RPC). */
  stops = 0
  /** How often the account was logged out, by `logout()` or by a stop. */
  logouts = 0

  constructor() {
    super()
    this.on('logout', () => void this.logouts++)
  }

  // PuppetMock's start, without SandboxPuppet's logging back in.
  override async onStart(): Promise<void> {
    await PuppetMock.prototype.onStart.call(this)
  }

  override async onStop(): Promise<void> {
    this.stops++
    await super.onStop()
  }
}
