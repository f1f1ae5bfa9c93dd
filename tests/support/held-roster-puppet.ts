import type * as PUPPET from 'wechaty-puppet'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'

/** A provider whose member reads wait, once `hold()` was called, until `release()` (a busy service in a district's cold start). */
export class HeldRosterPuppet extends SandboxPuppet {
  private held: Promise<void> | undefined
  release: () => void = () => {}
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve))
  }
  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    await this.held
    return super.roomMemberRawPayload(roomId, contactId)
  }
}
