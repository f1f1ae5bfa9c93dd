import type * as PUPPET from 'wechaty-puppet'
import { PuppetMock, mock } from 'wechaty-puppet-mock'

/**
 * wechaty-puppet-mock plus the two things a grid group needs that the mock lacks:
 * group nicknames (room aliases) and the ids of the bot's outgoing @-mentions.
 */
export class SandboxPuppet extends PuppetMock {
  /** roomId → contactId → group nickname */
  readonly roomAliases = new Map<string, Map<string, string>>()

  /** The account last logged in: a provider keeps its WeChat session across client restarts, so do we. */
  private sessionUserId?: string

  constructor(mocker = new mock.Mocker()) {
    super({ mocker })
  }

  override login(userId: string): void {
    this.sessionUserId = userId
    super.login(userId)
  }

  // A client's stop() stops this puppet over gRPC (and logs it out); its next start() must find the account logged in.
  override async onStart(): Promise<void> {
    await super.onStart()
    const userId = this.sessionUserId
    if (userId && !this.isLoggedIn) setImmediate(() => this.login(userId))
  }

  setRoomAlias(roomId: string, contactId: string, alias: string): void {
    const map = this.roomAliases.get(roomId) ?? new Map<string, string>()
    map.set(contactId, alias)
    this.roomAliases.set(roomId, map)
  }

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    const base = await super.roomMemberRawPayload(roomId, contactId)
    const roomAlias = this.roomAliases.get(roomId)?.get(contactId)
    return roomAlias ? { ...base, roomAlias } : base
  }

  override async messageSendText(conversationId: string, text: string, mentionIdList: string[] = []): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const user = this.mocker.ContactMock.load(this.currentUserId)
    const conversation = conversationId.includes('@')
      ? this.mocker.RoomMock.load(conversationId)
      : this.mocker.ContactMock.load(conversationId)
    user
      .say(
        text,
        mentionIdList.map((id) => this.mocker.ContactMock.load(id)),
      )
      .to(conversation)
  }
}
