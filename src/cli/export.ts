import ExcelJS from 'exceljs'
import { stringify } from 'csv-stringify/sync'
import { formatShort } from '../clock.js'
import { ACK_METHOD_LABELS, CASE_STATE_LABELS, CATEGORY_LABELS, LEVEL_LABELS, RATING_LABELS } from '../text/labels.js'
import { formatLocation } from '../parse/location.js'
import { cliText } from '../text/cli.js'
import type { Repos } from '../store/repos.js'

/** A table: header and rows, as written to CSV or a sheet. */
export interface Table {
  columns: string[]
  rows: (string | number)[][]
}

const text = cliText.export

/** Cases created in [from, to), optionally of one grid or state. */
export function casesTable(repos: Repos, f: Parameters<Repos['caseQueries']['forExport']>[0], timeZone: string): Table {
  const at = (ms: number | null) => (ms === null ? '' : formatShort(ms, timeZone))
  return {
    columns: text.caseColumns,
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
        c.assigneeName ?? '',
        LEVEL_LABELS[c.level] ?? '',
        at(c.createdAt),
        at(c.acceptedAt),
        at(c.resolvedAt),
        c.rating ? RATING_LABELS[c.rating] : '',
      ]),
  }
}

/** One notice's recipients: who acknowledged, when and how. Undefined when there is no such notice. */
export function noticeTable(repos: Repos, id: number, timeZone: string): Table | undefined {
  const n = repos.notices.get(id)
  if (!n) return undefined
  const grid = new Map(n.rooms.map((r) => [r.roomId, r.gridName]))
  return {
    columns: text.noticeColumns,
    rows: repos.notices
      .recipients(id)
      .map((r) => [
        id,
        grid.get(r.roomId) ?? '',
        r.name,
        r.ackedAt === null ? text.no : text.yes,
        r.ackedAt === null ? '' : formatShort(r.ackedAt, timeZone),
        r.ackHow ? ACK_METHOD_LABELS[r.ackHow] : '',
        r.ackText ?? '',
        r.ackById ?? '',
        r.leftAt === null ? '' : text.yes,
      ]),
  }
}

/** CSV with a byte-order mark, so Excel opens the Chinese text correctly. */
export function toCsv(t: Table): string {
  return `\ufeff${stringify([t.columns, ...t.rows])}`
}

/** An .xlsx workbook with one sheet. */
export async function toXlsx(t: Table, sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheet)
  ws.addRow(t.columns).font = { bold: true }
  for (const r of t.rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
