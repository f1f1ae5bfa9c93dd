import { LineCounter, parseDocument } from 'yaml'
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js'
import type { Role, ScopeKind } from '../domain/types.js'
import type { Repos } from '../store/repos.js'
import { cliText } from '../text/cli.js'
import { importElders, readElder } from './import-elders.js'

const t = cliText.importDirectory

/** A problem in the directory file, with the line it is on. */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(t.atLine(line, message))
  }
}

/** What an import did. */
export interface ImportResult {
  streets: number
  communities: number
  grids: number
  groupsBound: number
  /** Group names the bot has not seen yet: bound when the file is imported again after it joins them. */
  groupsUnseen: string[]
  roles: number
  departments: number
  /** Elders signed up (or found as the file says), and those (or their family) not found in their grid's groups yet. */
  elders: number
  eldersUnseen: string[]
  /** `elders:` entries in the file. */
  elderEntries: number
}

type Path = (string | number)[]

interface GridEntry {
  name: string
  group?: string
  path: Path
}
interface CommunityEntry {
  name: string
  street?: string
  staffGroup?: string
  grids: GridEntry[]
  path: Path
}
interface StreetEntry {
  name: string
  staffGroup?: string
  path: Path
}
interface DepartmentEntry {
  name: string
  street?: string
  group?: string
  path: Path
}
interface StaffEntry {
  id: string
  name: string
  role: Exclude<Role, 'resident'>
  grid?: [string, string]
  community?: string
  street?: string
  department?: string
  path: Path
}

/**
 * Reads a directory file (streets → communities → grids with their group names, departments with theirs, and
 * staff with roles)
 * and writes it in one transaction; importing the same file again changes nothing. Any error stops the
 * import before it writes, naming the line.
 */
export function importDirectory(
  repos: Repos,
  text: string,
  now: number,
  o: { timeZone: string; policy: Policy } = { timeZone: 'Asia/Shanghai', policy: DEFAULT_POLICY },
): ImportResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  if (doc.errors.length) {
    const e = doc.errors[0]!
    throw new ImportError(e.linePos?.[0].line ?? 1, t.notYaml(e.code))
  }
  const lineOf = (path: Path): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined
      if (node?.range) return lineCounter.linePos(node.range[0]).line
      if (p.length === 0) return 1
    }
  }
  const fail = (path: Path, message: string): never => {
    throw new ImportError(lineOf(path), message)
  }
  const root = (doc.toJS() ?? {}) as Record<string, unknown>
  const list = (v: unknown, path: Path): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : fail(path, t.notList))
  const obj = (v: unknown, path: Path): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(path, t.notMap)
  const str = (o: Record<string, unknown>, key: string, path: Path, required: boolean): string | undefined => {
    const v = o[key]
    if (v === undefined || v === null) return required ? fail(path, t.missing(key)) : undefined
    if (typeof v !== 'string' && typeof v !== 'number') return fail([...path, key], t.notText(key))
    const s = String(v).trim()
    return s || (required ? fail([...path, key], t.empty(key)) : undefined)
  }
  for (const key of Object.keys(root))
    if (!['streets', 'communities', 'departments', 'staff', 'elders'].includes(key)) fail([key], t.unknownKey(key))

  const streets: StreetEntry[] = []
  const communities: CommunityEntry[] = []
  const readCommunity = (v: unknown, path: Path, street?: string) => {
    const c = obj(v, path)
    const grids = list(c.grids, [...path, 'grids']).map((g, k) => {
      const gp = [...path, 'grids', k]
      const go = obj(g, gp)
      return { name: str(go, 'name', gp, true)!, group: str(go, 'group', gp, false), path: gp }
    })
    communities.push({ name: str(c, 'name', path, true)!, street, staffGroup: str(c, 'staffGroup', path, false), grids, path })
  }
  list(root.streets, ['streets']).forEach((v, i) => {
    const path = ['streets', i]
    const s = obj(v, path)
    const name = str(s, 'name', path, true)!
    streets.push({ name, staffGroup: str(s, 'staffGroup', path, false), path })
    list(s.communities, [...path, 'communities']).forEach((c, j) => readCommunity(c, [...path, 'communities', j], name))
  })
  list(root.communities, ['communities']).forEach((c, j) => readCommunity(c, ['communities', j]))

  const departments: DepartmentEntry[] = list(root.departments, ['departments']).map((v, i) => {
    const path = ['departments', i]
    const d = obj(v, path)
    const entry: DepartmentEntry = {
      name: str(d, 'name', path, true)!,
      street: str(d, 'street', path, false),
      group: str(d, 'group', path, false),
      path,
    }
    if (entry.street && !streets.some((x) => x.name === entry.street) && !hasStreet(repos, entry.street))
      fail([...path, 'street'], t.noStreet(entry.street))
    return entry
  })

  const knownCommunity = (name: string) => communities.some((c) => c.name === name) || hasCommunity(repos, name)
  const staff: StaffEntry[] = list(root.staff, ['staff']).map((v, i) => {
    const path = ['staff', i]
    const s = obj(v, path)
    const roleWord = str(s, 'role', path, true)!
    const role = t.roleWords[roleWord] ?? fail([...path, 'role'], t.unknownRole(roleWord, Object.keys(t.roleWords)))
    const entry: StaffEntry = { id: str(s, 'id', path, true)!, name: str(s, 'name', path, false) ?? String(s.id), role, path }
    if (role === 'leader' || role === 'worker') {
      const grid = str(s, 'grid', path, true)!.split(/\s+/)
      if (grid.length !== 2) fail([...path, 'grid'], t.gridFormat)
      const [community, gridName] = grid as [string, string]
      const inFile = communities.find((c) => c.name === community)?.grids.some((g) => g.name === gridName)
      if (!inFile && !hasGrid(repos, community, gridName)) fail([...path, 'grid'], t.noGrid(community, gridName))
      entry.grid = [community, gridName]
    } else if (role === 'community') {
      entry.community = str(s, 'community', path, true)
      if (!knownCommunity(entry.community!)) fail([...path, 'community'], t.noCommunity(entry.community!))
    } else if (role === 'street') {
      entry.street = str(s, 'street', path, true)
      if (!streets.some((x) => x.name === entry.street) && !hasStreet(repos, entry.street!))
        fail([...path, 'street'], t.noStreet(entry.street!))
    } else if (role === 'department') {
      entry.department = str(s, 'department', path, true)
      if (!departments.some((x) => x.name === entry.department) && repos.directory.findDepartment(entry.department!) === undefined)
        fail([...path, 'department'], t.noDepartment(entry.department!))
    }
    return entry
  })

  const gridKnown = (community: string, grid: string) =>
    communities.find((c) => c.name === community)?.grids.some((g) => g.name === grid) === true || hasGrid(repos, community, grid)
  const elders = list(root.elders, ['elders']).map((v, i) => readElder({ obj, str, list, fail, hasGrid: gridKnown }, v, ['elders', i]))

  const result: ImportResult = {
    streets: streets.length,
    communities: communities.length,
    grids: 0,
    groupsBound: 0,
    groupsUnseen: [],
    roles: 0,
    departments: departments.length,
    elders: 0,
    eldersUnseen: [],
    elderEntries: elders.length,
  }
  const bind = (topic: string | undefined, binding: Parameters<Repos['directory']['bindGroup']>[1]) => {
    if (!topic) return
    const rooms = repos.directory.groupsByTopic(topic)
    if (!rooms.length) return void result.groupsUnseen.push(topic)
    for (const roomId of rooms) repos.directory.bindGroup(roomId, binding, now)
    result.groupsBound += rooms.length
  }
  repos.transaction(() => {
    const streetIds = new Map<string, number>()
    for (const s of streets) {
      const id = repos.directory.upsertStreet(s.name)
      streetIds.set(s.name, id)
      bind(s.staffGroup, { kind: 'staff', streetId: id })
    }
    for (const c of communities) {
      const streetId = c.street ? streetIds.get(c.street) : undefined
      const communityId = repos.directory.upsertCommunity(c.name, streetId)
      bind(c.staffGroup, { kind: 'staff', communityId })
      for (const g of c.grids) {
        const gridId = repos.directory.upsertGrid(communityId, g.name)
        result.grids++
        bind(g.group, { kind: 'grid', gridId })
      }
    }
    for (const d of departments) {
      const streetId = d.street ? (streetIds.get(d.street) ?? repos.directory.upsertStreet(d.street)) : undefined
      const departmentId = repos.directory.upsertDepartment(d.name, streetId)
      bind(d.group, { kind: 'department', departmentId })
    }
    for (const s of staff) {
      let scopeKind: ScopeKind = 'global'
      let scopeId = 0
      if (s.grid) {
        scopeKind = 'grid'
        scopeId = repos.directory.upsertGrid(repos.directory.upsertCommunity(s.grid[0]), s.grid[1])
      } else if (s.community) {
        scopeKind = 'community'
        scopeId = repos.directory.upsertCommunity(s.community)
      } else if (s.street) {
        scopeKind = 'street'
        scopeId = repos.directory.upsertStreet(s.street)
      } else if (s.department) {
        scopeKind = 'department'
        scopeId = repos.directory.upsertDepartment(s.department)
      }
      repos.directory.setRole({ contactId: s.id, name: s.name, role: s.role, scopeKind, scopeId }, now)
      result.roles++
    }
    const e = importElders(repos, elders, now, { ...o, fail })
    result.elders = e.elders
    result.eldersUnseen = e.unseen
  })
  return result
}

function hasCommunity(repos: Repos, name: string): boolean {
  return repos.directory.findCommunity(name) !== undefined
}
function hasStreet(repos: Repos, name: string): boolean {
  return repos.directory.findStreet(name) !== undefined
}
function hasGrid(repos: Repos, community: string, grid: string): boolean {
  const c = repos.directory.findCommunity(community)
  return c !== undefined && repos.directory.gridsIn({ communityId: c }).some((g) => g.name === grid)
}
