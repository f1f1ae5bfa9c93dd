import ExcelJS from 'exceljs'
import { stringify } from 'csv-stringify/sync'
import { formatShort, toLocalTime } from '../clock.js'
import { clockTime, dayOf } from '../domain/elder-days.js'
import type { Case, ElderDay } from '../domain/model.js'
import { parseQuote } from '../parse/quote.js'
import { ownerUnit } from '../domain/staff-groups.js'
import { TIER_LABELS } from '../text/elders.js'
import { ACK_METHOD_LABELS, CASE_STATE_LABELS, CATEGORY_LABELS, RATING_LABELS } from '../text/labels.js'
import { formatLocation } from '../parse/location.js'
import { cliText } from '../text/cli.js'
import type { Repos } from '../store/repos.js'

/** An instant, written as a date: an Excel date cell in the bot's zone, or an ISO date with the zone's offset in CSV. */
export interface At {
  at: number
}

/** One cell: text, a number, an instant, or nothing. */
export type Cell = string | number | At | null

/** A table: header and rows, as written to CSV or a sheet, and the zone its instants are shown in. */
export interface Table {
  columns: string[]
  rows: Cell[][]
  timeZone: string
}

const text = cliText.export
const at = (ms: number | null): At | null => (ms === null ? null : { at: ms })
const isAt = (c: Cell): c is At => typeof c === 'object' && c !== null

/** How late the resolve clock is, in hours (one decimal): at the resolution, when the case was put on hold, or now. */
function lateHours(c: Case, now: number): number | null {
  if (c.resolveDueAt === null || c.state === 'cancelled') return null
  const when = c.resolvedAt ?? (c.state === 'on_hold' && c.heldAt !== null ? c.heldAt : now)
  return Math.max(0, Math.round((when - c.resolveDueAt) / 360_000) / 10)
}

/** What the handler wrote when resolving (the last time, for a case resolved again after a reopening). */
function resolution(repos: Repos, id: number): string {
  return (
    repos.cases
      .timeline(id)
      .filter((e) => e.kind === 'resolved')
      .at(-1)?.text ?? ''
  )
}

/** Cases created in [from, to), optionally of one grid or state; lateness counted up to `now` for open cases. */
export function casesTable(repos: Repos, f: Parameters<Repos['caseQueries']['forExport']>[0], timeZone: string, now: number): Table {
  return {
    columns: text.caseColumns,
    timeZone,
    rows: repos.caseQueries
      .forExport(f)
      .map((c) => [
        c.id,
        c.communityName,
        c.gridName,
        CASE_STATE_LABELS[c.state],
        CATEGORY_LABELS[c.category],
        c.urgency === 'urgent' ? text.yes : text.no,
        c.reporterName,
        formatLocation(c.location),
        c.text,
        repos.cases.attachmentsOf(c.id).length,
        c.assigneeName ?? '',
        ownerUnit({ repos }, c),
        at(c.createdAt),
        at(c.acceptedAt),
        at(c.resolvedAt),
        resolution(repos, c.id),
        at(c.resolveDueAt),
        lateHours(c, now),
        c.rating ? RATING_LABELS[c.rating] : '',
      ]),
  }
}

/** A person by name, not WeChat id: the name their role was given under, else their name in a group, else the id. */
function personName(repos: Repos, contactId: string): string {
  const held = repos.directory.rolesOf(contactId)[0]?.name
  if (held) return held
  for (const room of repos.members.roomsOf(contactId)) {
    const m = repos.members.get(room, contactId)
    if (m) return m.name
  }
  return contactId
}

/** What a member answered: for a quote-reply, only the reply (older rows stored the whole quote). */
const answerOf = (how: string | null, stored: string | null) =>
  how === 'quote' && stored ? (parseQuote(stored)?.reply ?? stored) : (stored ?? '')

/** One notice's recipients: who acknowledged, when and how. Undefined when there is no such notice. */
export function noticeTable(repos: Repos, id: number, timeZone: string): Table | undefined {
  const n = repos.notices.get(id)
  if (!n) return undefined
  const grid = new Map(n.rooms.map((r) => [r.roomId, r.gridName]))
  const names = new Map<string, string>()
  const nameOf = (contactId: string) => names.get(contactId) ?? names.set(contactId, personName(repos, contactId)).get(contactId)!
  return {
    columns: text.noticeColumns,
    timeZone,
    rows: repos.notices
      .recipients(id)
      .map((r) => [
        id,
        grid.get(r.roomId) ?? '',
        r.name,
        r.ackedAt === null ? text.no : text.yes,
        at(r.ackedAt),
        r.ackHow ? ACK_METHOD_LABELS[r.ackHow] : '',
        answerOf(r.ackHow, r.ackText),
        r.ackById ? nameOf(r.ackById) : '',
        r.leftAt === null ? '' : text.yes,
      ]),
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-11-23T10:05:00+08:00`: the wall time in the zone and the zone's offset then. */
export function isoInZone(ms: number, timeZone: string): string {
  const t = toLocalTime(ms, timeZone)
  const offset = Math.round(
    (Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000,
  )
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Excel dates carry no zone: the cell holds the wall time in the bot's zone (ExcelJS writes a Date by its UTC fields). */
function excelDate(ms: number, timeZone: string): Date {
  const t = toLocalTime(ms, timeZone)
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second))
}

/** CSV with a byte-order mark, so Excel opens the Chinese text correctly; instants as ISO dates with the zone. */
export function toCsv(t: Table): string {
  const rows = t.rows.map((r) => r.map((c) => (isAt(c) ? isoInZone(c.at, t.timeZone) : (c ?? ''))))
  return `\ufeff${stringify([t.columns, ...rows])}`
}

/** How wide a text shows: CJK and full-width characters take two columns. */
const shownWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0)
const DATE_FORMAT = 'yyyy-mm-dd hh:mm'
const MIN_WIDTH = 6
const MAX_WIDTH = 50

/** An .xlsx workbook with one sheet: date cells, columns as wide as what they hold, a frozen header with a filter. */
export async function toXlsx(t: Table, sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow(t.columns).font = { bold: true }
  for (const r of t.rows) ws.addRow(r.map((c) => (isAt(c) ? excelDate(c.at, t.timeZone) : c)))
  t.columns.forEach((name, i) => {
    const column = ws.getColumn(i + 1)
    const dates = t.rows.some((r) => isAt(r[i] ?? null))
    if (dates) column.numFmt = DATE_FORMAT
    const widest = Math.max(
      shownWidth(name),
      ...t.rows.map((r) => {
        const c = r[i] ?? null
        return isAt(c) ? DATE_FORMAT.length : c === null ? 0 : Math.max(...String(c).split('\n').map(shownWidth))
      }),
    )
    // Room for the filter button beside the header.
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2))
  })
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: t.rows.length + 1, column: t.columns.length } }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** `07:12` in the zone. */
const hhmm = (ms: number, timeZone: string) => formatShort(ms, timeZone).slice(6)

/** One elder's day as a cell: the time signed on time, 迟 09:10, 未报, 外出, 无法判断; empty for a day not judged. */
function dayCell(d: ElderDay | undefined, timeZone: string): string {
  const c = text.dayCell
  if (!d) return ''
  if (d.outcome === 'away') return c.away
  if (d.outcome === 'unchecked') return c.unchecked
  if (d.signedAt !== null) return d.signedAt <= d.dueAt ? hhmm(d.signedAt, timeZone) : c.late(hhmm(d.signedAt, timeZone))
  if (d.missedAt !== null) return d.visitedAt !== null ? c.visited : c.missed
  return ''
}

/**
 * The elders looked after (signed off ones too) with a month of signs: who, where, by when, tier, family, who
 * signed them up and when; then a column per day of the month and the month's totals.
 */
export function eldersTable(repos: Repos, year: number, month: number, timeZone: string): Table {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const key = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const list = repos.elders.all()
  const rows = repos.elders.days(
    list.map((e) => e.id),
    key(1),
    key(days),
  )
  const byElder = new Map<number, Map<string, ElderDay>>()
  for (const d of rows) byElder.set(d.elderId, (byElder.get(d.elderId) ?? new Map()).set(d.day, d))
  const grids = new Map<number, { name: string; communityName: string }>()
  for (const communityId of new Set(list.map((e) => e.communityId)))
    for (const g of repos.directory.gridsIn({ communityId })) grids.set(g.id, g)
  return {
    columns: [...text.elderColumns, ...Array.from({ length: days }, (_, i) => text.dayColumn(i + 1)), ...text.elderTotals],
    timeZone,
    rows: list.map((e) => {
      const mine = byElder.get(e.id) ?? new Map<string, ElderDay>()
      const all = [...mine.values()]
      const judged = all.filter((d) => d.outcome === null)
      const visits = repos.elders
        .events(e.id)
        .filter((x) => x.kind === 'visited' && dayOf(x.at, timeZone).startsWith(key(1).slice(0, 8))).length
      return [
        grids.get(e.gridId)?.communityName ?? '',
        grids.get(e.gridId)?.name ?? '',
        e.name,
        e.place,
        clockTime(e.checkBy),
        TIER_LABELS[e.tier],
        repos.elders
          .family(e.id)
          .map((f) => f.name)
          .join('、'),
        e.createdByName,
        at(e.createdAt),
        e.stoppedAt === null ? text.elderState.active : text.elderState.stopped,
        ...Array.from({ length: days }, (_, i) => dayCell(mine.get(key(i + 1)), timeZone)),
        judged.filter((d) => d.signedAt !== null && d.signedAt <= d.dueAt).length,
        judged.filter((d) => d.signedAt !== null && d.signedAt > d.dueAt).length,
        judged.filter((d) => d.signedAt === null && d.missedAt !== null).length,
        all.filter((d) => d.outcome === 'away').length,
        all.filter((d) => d.outcome === 'unchecked').length,
        visits,
        all.filter((d) => d.escalatedAt !== null).length,
      ]
    }),
  }
}
