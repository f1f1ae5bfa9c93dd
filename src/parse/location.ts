import type { Location } from '../domain/types.js'
import { NUM, toDigits } from './normalize.js'

const CN = '[一二两三四五六七八九十]'
const DAY = `(?:\\d{1,2}|${CN}{1,3})`

/**
 * Numbers that are never a place, blanked before anything is read: dates (2025-03-05, 2026/3/5, 12.25, 3月5号,
 * 10号那天), times (8:30, 晚上8点), phone numbers, amounts, measures, metro lines and bus routes.
 */
const NOT_PLACE = new RegExp(
  [
    '(?<!\\d)(?:19|20)\\d{2}\\s*(?:[-/.]\\s*\\d{1,2}(?:\\s*[-/.]\\s*\\d{1,2})?|年)(?!\\d)',
    `${DAY}\\s*月(?:份|底|初|中旬|末)?(?:\\s*${DAY}\\s*[日号])?|月\\s*${DAY}\\s*[日号]`,
    '(?<![\\d./-])\\d{1,2}[./]\\d{1,2}(?![\\d./-])',
    '\\d{1,2}\\s*日',
    '\\d{1,2}\\s*号(?=\\s*(?:那天|当天|那晚|晚上|早上|上午|下午|中午|凌晨|傍晚|夜里|半夜|之前|之后|以前|以后|前后|开始|起|到|至|左右|的时候|星期|周))',
    '\\d{1,2}\\s*[:：]\\s*\\d{2}',
    '\\d{1,2}\\s*点(?:\\s*\\d{1,2}\\s*分|半|多|钟|整)?',
    '(?<!\\d)(?:\\+?86[-\\s]?)?1[3-9]\\d(?:[-\\s]?\\d{4}){2}(?!\\d)',
    '(?<!\\d)(?:0\\d{2,3}-?\\d{7,8}|[48]00-?\\d{3}-?\\d{4})(?!\\d)',
    '\\d+(?:\\.\\d+)?\\s*(?:块钱?|元|毛钱?|万|米|公里|平米|平方|度|斤|公斤|小时|分钟|天(?![花台井窗桥然线沟棚])|岁|个月|年|次|辆)',
    '\\d{1,3}\\s*(?:号线|路(?:公交|车|汽车|大巴|电车))',
  ].join('|'),
  'g',
)

/** Building labels: digits, small Chinese numerals, a letter (C座) or letter and digits (D12栋). */
const LABEL = `([A-Za-z]\\d{0,3}|\\d{1,4}|${CN}{1,3})`
/** What a bare number after a building is not, though it stands where a room would. */
const NOT_ROOM = '号楼|栋|幢|座|单元|个|人|多|楼|层'

const DASH3 = /(?<!\d)(\d{1,4})-(\d{1,2})-(\d{2,5})(?!\d)/
/** 8-1102: building and room, as nicknames write them. */
const DASH2 = /(?<![\d.-])(\d{1,3})-(\d{3,4})(?![\d.-])/
/** 7号楼, C座, D12栋, 十二号楼; then a bare room (6栋602) or unit and room (5号楼1-301). */
const BUILDING = new RegExp(
  `(?<![A-Za-z\\d])${LABEL}\\s*(?:号楼|栋|幢|号院|座(?![椅位机]))(?:\\s*(?:(\\d{1,2})\\s*-\\s*)?(\\d{3,5})(?![\\d-]|\\s*(?:${NOT_ROOM})))?`,
)
const BUILDING_HAO = /(?<![路街巷道\d])(\d{1,4})号(?=\s*\d{1,2}\s*单元)/
/** A2区, B区, 东区, 2期, 二期. */
const AREA = new RegExp(
  `(?<![A-Za-z\\d])([A-Za-z]\\d{0,2}|\\d{1,2}|[东南西北])\\s*(区)(?![域别分间])|(?<!\\d)(\\d{1,2}|${CN}{1,2})\\s*(期)(?![间限待末满货])`,
)
const UNIT = new RegExp(`${NUM}\\s*单元`)
const ROOM = /(\d{3,5})\s*(?:室|房间?)|单元\s*(\d{3,5})(?!\d)/
const FLOOR = new RegExp(`(?<![号\\dA-Za-z])${NUM}\\s*(?:楼|层)(?![道梯栋上下顶房])`)

/** 楼上, 楼下 (of 1102 too), 隔壁, 对门 — not 楼上楼下 (everyone), 3号楼下面, 5楼上面, 下楼上班, 隔壁楼 or 隔壁小区. */
const NOT_RELATION = '[号栋幢座上下走爬]|(?<!\\d)\\d{1,2}'
const RELATION = new RegExp(
  `(?<!${NOT_RELATION})楼上(?!楼下)|(?<!${NOT_RELATION}|楼上)楼下(?!楼上)|隔壁(?!楼(?![道梯])|栋|幢|单元|小区)|对门`,
)

/** Where a road's name ends: 路, 街, 大道 …, but not 路灯, 路由器, 街道, 巷子, 大道理. */
const ROAD_END = /大道(?!理)|大街|胡同|路(?![灯由])|街(?![道坊头])|巷(?!子)/g
/** A road's name starts after the last of these (…的人民路, 在中山北路, 小区门口长江路, 人民路和解放路). */
const ROAD_STOP =
  /[在的是与到了从往向朝和边旁口里上下个条这那我你他她它们走去过修堵挡占把被给让有没也就还很要说看号楼栋幢座单元室层门区面近灯路街巷道]/
/** Names that begin with a stop character all the same. */
const ROAD_NAME_STARTS = ['和平', '和谐', '向阳', '朝阳', '上海', '门头']
/** Endings of words that are no road (马路, 道路, 十字路口, 回家路上, 逛街); a one-character name (走路, 一路上) is none either. */
const NOT_ROADS = [
  '马路',
  '道路',
  '线路',
  '电路',
  '公路',
  '铁路',
  '小路',
  '岔路',
  '十字路',
  '丁字路',
  '上班路',
  '下班路',
  '放学路',
  '上学路',
  '回家路',
  '逛街',
  '小巷',
]
/** The Chinese characters just before a road's suffix, where its name is. */
const HAN_RUN = /[\u4e00-\u9fa5]*$/
const DOOR_NO = /\s*(\d{1,5})\s*号(?!楼|院)/y
/** What follows two roads that meet: 人民路与解放路交叉口, 人民路解放路口. */
const CROSSING_GAP = /^\s*[与和跟、/]?\s*$/
const CROSSING = /\s*(?:交叉路口|交叉口|交汇处|交界处|十字路口|路口|口)/y

/** Common spots, longest first where one contains another. */
export const SPOTS = [
  '地下车库',
  '地下室',
  '消防通道',
  '楼梯间',
  '电梯厅',
  '电梯间',
  '小区大门',
  '小区门口',
  '单元门口',
  '单元门',
  '垃圾站',
  '垃圾桶',
  '垃圾房',
  '快递柜',
  '健身器材',
  '篮球场',
  '停车场',
  '充电桩',
  '架空层',
  '门卫室',
  '车库',
  '地库',
  '车棚',
  '岗亭',
  '电梯',
  '楼道',
  '楼梯',
  '走廊',
  '大堂',
  '大厅',
  '门厅',
  '天台',
  '楼顶',
  '屋顶',
  '大门',
  '门口',
  '花坛',
  '绿化带',
  '广场',
  '院子',
  '卫生间',
  '洗手间',
  '厕所',
  '浴室',
  '厨房',
  '阳台',
  '卧室',
  '客厅',
  '书房',
  '化粪池',
  '水箱',
  '配电房',
  '十字路口',
  '交叉口',
  '路口',
  '人行道',
  '家里',
  '家中',
] as const

/** Spots inside a home: a report naming only these is about the reporter's own address. */
export const HOME_SPOTS: readonly string[] = ['卫生间', '洗手间', '厕所', '浴室', '厨房', '阳台', '卧室', '客厅', '书房', '家里', '家中']

/** Spots inside a block of flats: a report naming only these is about the reporter's own building and unit, not their flat. */
export const BUILDING_SPOTS: readonly string[] = [
  '地下室',
  '楼梯间',
  '电梯厅',
  '电梯间',
  '单元门口',
  '单元门',
  '电梯',
  '楼道',
  '楼梯',
  '走廊',
  '大堂',
  '门厅',
  '天台',
  '楼顶',
  '屋顶',
  '架空层',
]

/** Gates: 西门, 南门(口), 东南门, 北大门, 后门, 侧门 — not 房东门口, 走后门 or 西门子. */
const GATE = /(?<![房股东西南北走])(?:[东西][南北]|[东南西北后侧前正])大?门(?!子)/
/** Sides, read only when no other spot is named: 北侧, 东南角, 西边, 东段. */
const SIDE = /(?<![房股东西南北])(?:[东西][南北]|[东南西北])(?:侧|角|边|面|段)/
/** Read last: a report about 小区西门 is about the gate. */
const FALLBACK_SPOT = '小区'

/** Finds area, building, unit, room, floor, road and door number, relation and spot in a report. */
export function parseLocation(report: string): Location {
  const text = report.replace(NOT_PLACE, (m) => '_'.repeat(m.length))
  const loc: Location = {}
  const area = AREA.exec(text)
  if (area) loc.area = area[1] ? area[1].toUpperCase() + area[2] : toDigits(area[3]) + area[4]!
  const dash = DASH3.exec(text)
  if (dash) [, loc.building, loc.unit, loc.room] = dash
  const building = BUILDING.exec(text)
  if (building && !loc.building) {
    loc.building = /^[A-Za-z]/.test(building[1]!) ? building[1]!.toUpperCase() : toDigits(building[1])
    loc.unit = building[2]
    loc.room = building[3]
  }
  loc.building ??= BUILDING_HAO.exec(text)?.[1]
  if (!loc.building) {
    const dash2 = DASH2.exec(text)
    if (dash2) [, loc.building, loc.room] = dash2
  }
  loc.unit ??= toDigits(UNIT.exec(text)?.[1])
  const room = ROOM.exec(text)
  loc.room ??= room?.[1] ?? room?.[2]
  const floor = FLOOR.exec(text)
  if (floor) loc.floor = toDigits(floor[1])
  const roads = findRoads(text)
  const crossing = findCrossing(text, roads)
  if (!crossing && roads[0]) {
    loc.road = roads[0].name
    loc.doorNo = roads[0].doorNo
  }
  loc.relation = RELATION.exec(text)?.[0]
  const spot = crossing ?? findSpot(text)
  if (spot) loc.spot = spot
  return Object.fromEntries(Object.entries(loc).filter(([, v]) => v !== undefined)) as Location
}

interface Road {
  name: string
  doorNo?: string
  start: number
  end: number
}

/** Roads in order of appearance: a name of two to four characters before 路, 街, 大道…, and a door number if one follows. */
function findRoads(text: string): Road[] {
  const roads: Road[] = []
  for (const m of text.matchAll(ROAD_END)) {
    const run = HAN_RUN.exec(text.slice(Math.max(0, m.index - 8), m.index))![0]
    const name = run.slice(nameStart(run))
    const word = name + m[0]
    if (name.length < 2 || name.length > 4 || NOT_ROADS.some((w) => word.endsWith(w))) continue
    const end = m.index + m[0].length
    const door = stickyAt(DOOR_NO, text, end)
    roads.push({ name: word, start: m.index - name.length, end, ...(door ? { doorNo: door[1] } : {}) })
  }
  return roads
}

/** A sticky regex's match right at `at`. */
function stickyAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at
  return re.exec(text)
}

/** Where a road name begins in the run of characters before its suffix: after its last stop character. */
function nameStart(run: string): number {
  for (let i = run.length - 1; i >= 0; i--) {
    if (ROAD_STOP.test(run[i]!) && !ROAD_NAME_STARTS.includes(run.slice(i, i + 2))) return i + 1
  }
  return 0
}

/** `人民路与解放路交叉口` when two roads meet in so many words. */
function findCrossing(text: string, roads: Road[]): string | undefined {
  for (let i = 1; i < roads.length; i++) {
    const [a, b] = [roads[i - 1]!, roads[i]!]
    const tail = stickyAt(CROSSING, text, b.end)
    if (tail && !a.doorNo && CROSSING_GAP.test(text.slice(a.end, b.start))) return text.slice(a.start, b.end) + tail[0].trim()
  }
  return undefined
}

/** The first spot named (the longest where two start together); a side only when no other, 小区 last of all. */
function findSpot(text: string): string | undefined {
  let best: { at: number; spot: string } | undefined
  const consider = (at: number, spot: string) => {
    if (at >= 0 && (!best || at < best.at || (at === best.at && spot.length > best.spot.length))) best = { at, spot }
  }
  for (const spot of SPOTS) consider(text.indexOf(spot), spot)
  const gate = GATE.exec(text)
  if (gate) consider(gate.index, gate[0])
  const side = best ? undefined : SIDE.exec(text)?.[0]
  return best?.spot ?? side ?? (text.includes(FALLBACK_SPOT) ? FALLBACK_SPOT : undefined)
}

/** Names a place of its own: an area, a building or a road. */
const namesPlace = (loc: Location) => Boolean(loc.area || loc.building || loc.road)

/** True when the location says nothing about where outside the home (卫生间, 楼上, or nothing at all). */
export function isHomeOnly(loc: Location): boolean {
  return !namesPlace(loc) && (!loc.spot || HOME_SPOTS.includes(loc.spot))
}

/** True when the location names only a spot inside a building (楼道, 电梯) and not which building. */
export function isInBuildingOnly(loc: Location): boolean {
  return !namesPlace(loc) && loc.spot !== undefined && BUILDING_SPOTS.includes(loc.spot)
}

/** How a building reads: `7号楼`, `C座`, `D12栋`. */
function buildingLabel(building: string): string {
  return /^\d+$/.test(building) ? `${building}号楼` : /^[A-Z]$/.test(building) ? `${building}座` : `${building}栋`
}

/** `121号楼2单元502室 卫生间`, `C座 大堂`, `楼上 卫生间` — how a location reads in a reply. */
export function formatLocation(loc: Location): string {
  const parts: string[] = []
  if (loc.area) parts.push(loc.area)
  if (loc.road) parts.push(`${loc.road}${loc.doorNo ?? ''}${loc.doorNo ? '号' : ''}`)
  if (loc.building) parts.push(buildingLabel(loc.building))
  if (loc.unit) parts.push(`${loc.unit}单元`)
  if (loc.room) parts.push(`${loc.room}室`)
  else if (loc.floor) parts.push(`${loc.floor}层`)
  const address = parts.join('')
  return [address, loc.relation, loc.spot].filter(Boolean).join(' ')
}
