import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'

/** A provider whose session stays online while every send fails (a zombie), while `zombie` is set. */
export class ZombiePuppet extends SandboxPuppet {
  zombie = false
  override async messageSendText(conversationId: string, text: string, mentionIdList: string[] = []): Promise<void> {
    if (this.zombie) throw new Error('send failed: session expired on the server')
    return super.messageSendText(conversationId, text, mentionIdList)
  }
}
