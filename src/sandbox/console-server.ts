import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { formatShort, type ShiftableClock } from '../clock.js'
import { runningClockLines } from '../domain/case-view.js'
import { NO_SCOPE } from '../domain/case-machine.js'
import { parseDuration } from '../domain/duration.js'
import { roleInGroup } from '../domain/actor.js'
import { highestRole } from '../domain/roles.js'
import type { Role } from '../domain/types.js'
import { ownerLabel, supervisionMark } from '../domain/staff-groups.js'
import { ACK_METHOD_LABELS, CASE_STATE_LABELS, CATEGORY_LABELS, ROLE_LABELS } from '../text/labels.js'
import { sandboxText } from '../text/sandbox.js'
import { formatDeadline } from '../parse/deadline.js'
import type { Logger } from '../logger.js'
import type { Repos } from '../store/repos.js'
import type { TranscriptEntry, startSandbox } from './start-sandbox.js'

type Sandbox = Awaited<ReturnType<typeof startSandbox>>

/** What the console needs from the running bot. */
export interface ConsoleDeps {
  sandbox: Sandbox
  repos: Repos
  clock: ShiftableClock
  timeZone: string
  admins: string[]
  /** GRIDBOT_DATA_DIR: case photos are served from its attachments folder only. */
  dataDir: string
  /** Runs the rules now (after the clock moved). */
  tick(): Promise<void>
  log: Logger
}

const PAGE = new URL('./console/index.html', import.meta.url)
const MAX_BODY = 8 * 2 ** 20
const STEPS: Record<string, string> = { '30m': '30m', '1h': '1h', '1d': '1d' }
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/
const PHOTO_RECHECK_MS = 2_000
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp' }
const t = sandboxText.console

/** True for a loopback peer address (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(address)
}

/** The console page with its text (src/text/sandbox.ts) filled in: `{{key}}` in the markup, `__TEXT__` in the script. */
export function consolePage(html: string): string {
  const text: Record<string, string> = t.page
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  return html
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      if (text[key] === undefined) throw new Error(`console page: no text "${key}"`)
      return escape(text[key])
    })
    .replace('__TEXT__', () => JSON.stringify(text).replace(/</g, '\\u003c'))
}

/**
 * The sandbox console: every group as a chat (live over server-sent events), a composer to speak as any
 * member, the case and notice boards, and the sandbox clock. Loopback only, unless a host and token are set.
 */
export async function startConsole(d: ConsoleDeps, opts: { port: number; host: string; token?: string }) {
  const { sandbox, repos, clock } = d
  const page = consolePage(readFileSync(PAGE, 'utf8'))
  const photoRoot = resolve(d.dataDir, 'attachments') + sep
  const streams = new Set<ServerResponse>()
  let boardsTimer: NodeJS.Timeout | undefined

  const roomIds = sandbox.rooms.map((r) => r.id)
  const groupOf = (roomId: string) => repos.directory.group(roomId)

  /** The role that counts wherever its holder speaks (a 网格员 in the staff group, anyone in private). */
  const heldRole = (id: string): Role => (d.admins.includes(id) ? 'admin' : highestRole(repos.directory.rolesOf(id).map((h) => h.role)))

  /**
   * Members with their group nicknames, the role they hold in each group (a grid group: for its grid, as #名单
   * shows it; other groups: the highest role held) and the composer's label for each.
   */
  function members() {
    return [...sandbox.people.values()].map((p) => {
      const held = ROLE_LABELS[heldRole(p.id)]
      return {
        id: p.id,
        name: p.name,
        role: held,
        label: t.memberLabel(p.name, held),
        rooms: roomIds
          .filter((roomId) => sandbox.puppet.roomAliases.get(roomId)?.has(p.id))
          .map((roomId) => {
            const nick = sandbox.puppet.roomAliases.get(roomId)!.get(p.id)!
            const group = groupOf(roomId)
            const role = group?.kind === 'grid' ? ROLE_LABELS[roleInGroup({ repos, admins: d.admins }, p.id, group)] : held
            return { roomId, nick, role, label: t.memberLabel(nick, role) }
          }),
      }
    })
  }

  /** A case's photos: every attached one, and the ids of those whose file is stored (served at /api/photo/<id>). */
  function photosOf(caseId: number) {
    const all = repos.cases.attachmentsOf(caseId)
    return {
      count: all.length,
      stored: all.filter((a) => a.status === 'stored' && a.path).map((a) => a.id),
      pending: all.filter((a) => a.status === 'pending').length,
    }
  }

  function boards() {
    const now = clock.now()
    const scope = { ...NO_SCOPE, all: true }
    const open = repos.caseQueries.list(scope, { kind: 'open' }, now, '', 50).rows
    const done = repos.caseQueries.list(scope, { kind: 'done' }, now, '', 10).rows
    const cases = [...open, ...done].map((c) => ({
      id: c.id,
      grid: repos.caseQueries.gridLabel(c.gridId),
      category: CATEGORY_LABELS[c.category],
      state: CASE_STATE_LABELS[c.state],
      /** Who owns it (承办：网格（李芳）, 社区, 城管中队) and what the ladder told above it (已催办, 已督办). */
      owner: ownerLabel({ repos }, c),
      ownerLevel: c.level,
      mark: supervisionMark(c),
      reporter: c.reporterName,
      text: c.text,
      created: formatShort(c.createdAt, d.timeZone),
      urgent: c.urgency === 'urgent',
      clocks: runningClockLines(c, now, d.timeZone),
      photos: photosOf(c.id),
      lateMinutes: c.nextDueAt !== null && c.nextDueAt <= now ? Math.round((now - c.nextDueAt) / 60_000) : 0,
    }))
    const notices = repos.notices.recent(10).map((n) => {
      const { acked, total } = repos.notices.counts(n.id)
      return {
        id: n.id,
        text: n.text,
        author: n.authorName,
        grids: n.rooms.map((r) => r.gridName),
        deadline: n.deadline === null ? null : formatDeadline(n.deadline, d.timeZone),
        closed: n.closedAt !== null,
        rounds: n.rounds,
        acked,
        total,
        recipients: repos.notices
          .recipients(n.id)
          .filter((r) => r.leftAt === null)
          .map((r) => ({ name: r.name, acked: r.ackedAt !== null, how: r.ackHow ? ACK_METHOD_LABELS[r.ackHow] : '' })),
      }
    })
    return { cases, notices }
  }

  function state() {
    return {
      clock: { now: clock.now(), text: formatShort(clock.now(), d.timeZone) },
      groups: sandbox.rooms.map((r) => ({ id: r.id, topic: r.topic, kind: groupOf(r.id)?.kind ?? null })),
      members: members(),
      botId: sandbox.botId,
      botName: sandbox.botName,
      bots: sandbox.bots,
      messages: sandbox.history(),
      ...boards(),
    }
  }

  function send(res: ServerResponse, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  function broadcast(event: string, data: unknown): void {
    for (const res of streams) send(res, event, data)
  }
  /**
   * Boards change after messages are handled and sent: refresh them shortly after each message, and again while a
   * case's photo is still being downloaded (its thumbnail shows once the file is stored).
   */
  function boardsSoon(delay = 300): void {
    if (boardsTimer) return
    boardsTimer = setTimeout(() => {
      boardsTimer = undefined
      const b = boards()
      broadcast('boards', { ...b, members: members(), clock: { now: clock.now(), text: formatShort(clock.now(), d.timeZone) } })
      if (streams.size > 0 && b.cases.some((c) => c.photos.pending > 0)) boardsSoon(PHOTO_RECHECK_MS)
    }, delay)
  }
  const unsubscribe = sandbox.onMessage((e: TranscriptEntry) => {
    broadcast('message', e)
    boardsSoon()
  })

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!opts.token) return true
    const cookie = /(?:^|;\s*)gridbot_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    return url.searchParams.get('token') === opts.token || (cookie !== undefined && decodeURIComponent(cookie) === opts.token)
  }

  async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) throw new Error('too large')
      chunks.push(chunk as Buffer)
    }
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  }

  const json = (res: ServerResponse, status: number, data: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    res.end(JSON.stringify(data))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console')
    if (!authorized(req, url)) return json(res, 401, { error: t.needsToken })
    if (req.method === 'GET' && url.pathname === '/') {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
      if (opts.token) headers['set-cookie'] = `gridbot_token=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`
      res.writeHead(200, headers)
      return void res.end(page)
    }
    if (req.method === 'GET' && url.pathname === '/api/state')
      return json(res, 200, { ...state(), photosHere: isLoopbackAddress(req.socket.remoteAddress) })
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    const image = /^\/api\/image\/([\w.@-]+)$/.exec(url.pathname)
    if (req.method === 'GET' && image) {
      const file = await sandbox.image(image[1]!)
      if (!file) return json(res, 404, { error: t.noImage })
      res.writeHead(200, { 'content-type': /\.png$/i.test(file.name) ? 'image/png' : 'image/jpeg', 'cache-control': 'max-age=3600' })
      return void res.end(file.data)
    }
    const photo = /^\/api\/photo\/(\d+)$/.exec(url.pathname)
    if (req.method === 'GET' && photo) {
      // The stored photo files are served to this machine only, even when the console is reachable with a token.
      if (!isLoopbackAddress(req.socket.remoteAddress)) return json(res, 403, { error: t.photoLoopbackOnly })
      const row = repos.cases.attachment(Number(photo[1]))
      const path = row?.status === 'stored' && row.path ? resolve(row.path) : undefined
      if (!path?.startsWith(photoRoot)) return json(res, 404, { error: t.noImage })
      const data = await readFile(path).catch(() => undefined)
      if (!data) return json(res, 404, { error: t.noImage })
      res.writeHead(200, { 'content-type': IMAGE_TYPES[extname(path).toLowerCase()] ?? 'image/jpeg', 'cache-control': 'max-age=3600' })
      return void res.end(data)
    }
    if (req.method === 'POST' && url.pathname === '/api/say') {
      const b = await body(req)
      const memberId = String(b.memberId ?? '')
      const roomId = b.roomId === null || b.roomId === undefined || b.roomId === '' ? null : String(b.roomId)
      if (!sandbox.people.has(memberId)) return json(res, 400, { error: t.noMember })
      if (roomId && !sandbox.puppet.roomAliases.get(roomId)?.has(memberId)) return json(res, 400, { error: t.notInGroup })
      if (typeof b.image === 'string') {
        const m = /^data:image\/(png|jpe?g|gif|webp);base64,(.+)$/.exec(b.image)
        if (!m) return json(res, 400, { error: t.badImage })
        sandbox.sendImage(memberId, roomId, m[2]!, `photo.${m[1] === 'jpeg' ? 'jpg' : m[1]}`)
        return json(res, 200, { ok: true })
      }
      let text = String(b.text ?? '').slice(0, 5_000)
      if (!text.trim()) return json(res, 400, { error: t.emptyText })
      // As WeChat would: the members and accounts of ours @-mentioned in what was typed (not in the quoted message).
      const mentionIds = roomId ? sandbox.mentionsIn(roomId, text) : []
      const quoted = typeof b.quoteId === 'string' ? sandbox.history().find((e) => e.id === b.quoteId) : undefined
      if (quoted) text = t.quote(quoted.talkerName, quoted.image ? null : quoted.text, text)
      sandbox.say(memberId, roomId, text, mentionIds)
      return json(res, 200, { ok: true })
    }
    if (req.method === 'POST' && url.pathname === '/api/clock') {
      const b = await body(req)
      const step = STEPS[String(b.advance ?? '')]
      if (!step) return json(res, 400, { error: t.badStep })
      clock.advance(parseDuration(step)!)
      await d.tick()
      const now = { now: clock.now(), text: formatShort(clock.now(), d.timeZone) }
      broadcast('clock', now)
      boardsSoon()
      return json(res, 200, now)
    }
    json(res, 404, { error: t.notFound })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      d.log.warn({ err, url: req.url }, 'console request failed')
      if (!res.headersSent) json(res, 400, { error: t.badRequest })
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': ping\n\n')
  }, 15_000)
  keepAlive.unref()
  return {
    port,
    url: `http://${host}:${port}/${opts.token && !LOOPBACK.test(opts.host) ? '?token=…' : ''}`,
    async stop(): Promise<void> {
      clearInterval(keepAlive)
      unsubscribe()
      for (const res of streams) res.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
