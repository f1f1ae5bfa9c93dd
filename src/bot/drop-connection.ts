import { homedir } from 'node:os'
import { join, relative } from 'node:path'
import { PuppetService } from 'wechaty-puppet-service'

/** The parts of wechaty-puppet-service's GrpcManager that close a connection locally (protected in its types). */
interface GrpcConnection {
  eventStream?: { cancel(): void }
  stopStream(): void
  destroyClient(): void
}

/**
 * The last close of each payload cache directory in this process: the clients of one token (the old one a restart
 * replaces, and the new one) share a directory and its lock. Kept per directory: with several accounts, one
 * account's close must not stand for another's (a start that waited for the wrong close opened a directory still
 * locked, and LevelDB's uncaught "LOCK: already held" ended the process).
 */
const payloadStoreClosing = new Map<string, Promise<void>>()

/** The parts of a payload cache (flash-store over LevelDB) that PuppetService calls. */
interface PayloadCache {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<unknown>
  delete(key: string): Promise<unknown>
}

/**
 * A cache that fails is a cache that misses: a write that fails (a full disk) is dropped and a read that fails
 * reads nothing, so the payload is fetched from the service instead. Without this a full disk would fail every
 * message's contact lookup, and the bot could not even keep the messages in memory until the disk frees.
 */
function keepGoing(cache: PayloadCache): void {
  const { get, set, delete: remove } = cache
  cache.get = (key) => get.call(cache, key).catch(() => undefined)
  cache.set = (key, value) => set.call(cache, key, value).catch(() => cache)
  cache.delete = (key) => remove.call(cache, key).catch(() => undefined)
}

/**
 * Room members cached in memory, one map per room. PuppetService keeps each room's members as ONE value of its
 * LevelDB cache and, for every member it fetches, reads that value, copies it with the new member
 * (`{ ...cached, [id]: member }`) and writes it back: a 300-member roster costs 300 parses, copies and writes of up
 * to 300 entries, concurrent fetches overwrite each other's entries, and a district's login (240,000 members) spent
 * its CPU and memory there. Here a read hands PuppetService a view of the room's map that spreads to nothing, so
 * its copy is just the new member, which is added to the map. A restart reads the rosters again at login anyway,
 * so nothing is lost by not keeping them on disk.
 */
function memoryRoomMembers(): PayloadCache & { close(): Promise<void> } {
  const rooms = new Map<string, Map<string, unknown>>()
  const view = (members: Map<string, unknown>) =>
    new Proxy({} as Record<string, unknown>, { get: (_, key) => (typeof key === 'string' ? members.get(key) : undefined) })
  return {
    get: async (roomId) => {
      const members = rooms.get(roomId)
      return members && view(members)
    },
    set: async (roomId, value) => {
      let members = rooms.get(roomId)
      if (!members) rooms.set(roomId, (members = new Map()))
      for (const [id, member] of Object.entries(value as Record<string, unknown>)) members.set(id, member)
      return undefined
    },
    delete: async (roomId) => void rooms.delete(roomId),
    close: async () => rooms.clear(),
  }
}

/**
 * A PuppetService whose stop() only drops its own gRPC connection (event stream and channel).
 *
 * PuppetService.onStop() calls GrpcManager.stop(), which sends the `stop` RPC, and the server's
 * PuppetServiceImpl.stop runs puppet.stop() on the provider's side: the account is logged out there.
 * Every stop of a client does that: the supervisor's restart stopping the old client, the rollback of a
 * start that failed while the service was down (it runs 5 s later, when the service may be back), and
 * wechaty-puppet's watchdog reset. Here none of them reaches the provider, and neither does a graceful
 * shutdown: the account stays logged in at the provider, so a restart or a deploy needs no new scan.
 */
export class SessionKeepingPuppetService extends PuppetService {
  /** `cacheDir`: where the payload cache goes instead of $HOME/.wechaty (one per data folder, so two bots never share its lock). */
  constructor(options?: ConstructorParameters<typeof PuppetService>[0], cacheDir?: string) {
    super(options)
    // PuppetService closes its payload cache on logout without waiting, and opens it on login. The next client
    // (or this one, after a reset) opens the same LevelDB directory: opened before the close is done, it throws
    // an uncaught "LOCK: already held". Without the `stop` RPC's round trip a stop no longer hides that race.
    const store = this._payloadStore
    const where = store as unknown as { storeDir: string } // protected in its types; read at the cache's start
    if (cacheDir) where.storeDir = join(cacheDir, relative(join(homedir(), '.wechaty'), where.storeDir))
    const start = store.start.bind(store)
    const stop = store.stop.bind(store)
    store.stop = () => {
      const closing = stop()
      payloadStoreClosing.set(where.storeDir, closing)
      return closing
    }
    store.start = async (accountId: string) => {
      await payloadStoreClosing.get(where.storeDir)?.catch(() => undefined)
      if (!this.isLoggedIn) return
      await start(accountId)
      const onDisk = store.roomMember
      store.roomMember = memoryRoomMembers() as unknown as typeof store.roomMember
      await onDisk?.close().catch(() => undefined)
      for (const cache of [store.contact, store.room]) if (cache) keepGoing(cache)
    }
  }

  override async onStart(): Promise<void> {
    try {
      await super.onStart()
    } catch (err) {
      // Unreachable. ServiceCtl rolls a failed start back with stop(), which first waits 5 s for this start to
      // turn active: drop the connection now and settle the start, so the rollback (and the restart) is immediate.
      this.dropConnection()
      this.state.active(true)
      throw err
    }
  }

  override async onStop(): Promise<void> {
    this.dropConnection()
    await super.onStop()
  }

  /** GrpcManager.stop() without its `stop` RPC: cancels and destroys the event stream, then closes the channel. */
  private dropConnection(): void {
    const connection = this._grpcManager as unknown as GrpcConnection | undefined
    // With no manager left, PuppetService.onStop() only runs its clean-up callbacks.
    this._grpcManager = undefined
    if (!connection) return
    try {
      // The server takes one event stream at a time and frees it only when it sees the call end. GrpcManager's
      // stopStream() only destroys the local stream object, and closing the channel leaves running calls open:
      // without this cancel the server would refuse the next client's stream ("event() can not call twice").
      connection.eventStream?.cancel()
      connection.stopStream()
    } finally {
      connection.destroyClient()
    }
  }
}
