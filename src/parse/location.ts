import type { Location } from '../domain/types.js'
import { NUM, toDigits } from './normalize.js'

const DASH3 = /(?<!\d)(\d{1,4})-(\d{1,2})-(\d{2,5})(?!\d)/
const BUILDING = new RegExp(`${NUM}\\s*(?:号楼|栋|幢|号院|座)`)
const BUILDING_HAO = /(?<![路街巷道\d])(\d{1,4})号(?=\s*\d{1,2}\s*单元)/
const UNIT = new RegExp(`${NUM}\\s*单元`)
const ROOM = /(\d{3,5})\s*(?:室|房间?)|单元\s*(\d{3,5})(?!\d)/
const FLOOR = new RegExp(`(?<![号\\d])${NUM}\\s*(?:楼|层)(?![道梯栋上下顶房])`)
const ROAD = /([\u4e00-\u9fa5]{1,6}?)(路|街|大道|巷|胡同)\s*(\d{1,5})\s*号(?!楼|院)/

/** Common spots, longest first where one contains another. */
export const SPOTS = [
  '地下车库',
  '地下室',
  '消防通道',
  '楼梯间',
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
  '车库',
  '电梯',
  '楼道',
  '楼梯',
  '走廊',
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
  '厕所',
  '厨房',
  '阳台',
  '卧室',
  '客厅',
  '化粪池',
  '水箱',
  '配电房',
  '路口',
  '人行道',
  '小区',
  '家里',
  '家中',
] as const

/** Spots inside a home: a report naming only these is about the reporter's own address. */
export const HOME_SPOTS: readonly string[] = ['卫生间', '厕所', '厨房', '阳台', '卧室', '客厅', '家里', '家中']

const ROAD_STOP = /[在的是和与到了从往向边旁口里]/

/** Finds building, unit, room, floor, road + door number and spot in a report. */
export function parseLocation(text: string): Location {
  const loc: Location = {}
  const dash = DASH3.exec(text)
  if (dash) {
    loc.building = dash[1]
    loc.unit = dash[2]
    loc.room = dash[3]
  }
  loc.building ??= toDigits(BUILDING.exec(text)?.[1]) ?? BUILDING_HAO.exec(text)?.[1]
  loc.unit ??= toDigits(UNIT.exec(text)?.[1])
  const room = ROOM.exec(text)
  loc.room ??= room?.[1] ?? room?.[2]
  const floor = FLOOR.exec(text)
  if (floor && !/楼上|楼下/.test(floor[0])) loc.floor = toDigits(floor[1])
  const road = ROAD.exec(text)
  if (road) {
    const prefix = road[1]!.split(ROAD_STOP).pop() ?? ''
    const name = prefix + road[2]
    if (prefix.length > 0) {
      loc.road = name
      loc.doorNo = road[3]
    }
  }
  const spot = findSpot(text)
  if (spot) loc.spot = spot
  return Object.fromEntries(Object.entries(loc).filter(([, v]) => v !== undefined)) as Location
}

function findSpot(text: string): string | undefined {
  let best: { at: number; spot: string } | undefined
  for (const spot of SPOTS) {
    const at = text.indexOf(spot)
    if (at >= 0 && (!best || at < best.at || (at === best.at && spot.length > best.spot.length))) best = { at, spot }
  }
  return best?.spot
}

/** True when the location says nothing about where outside the home. */
export function isHomeOnly(loc: Location): boolean {
  return !loc.building && !loc.road && (!loc.spot || HOME_SPOTS.includes(loc.spot))
}

/** `121号楼2单元502室 卫生间` — how a location reads in a reply. */
export function formatLocation(loc: Location): string {
  const parts: string[] = []
  if (loc.road) parts.push(`${loc.road}${loc.doorNo ?? ''}${loc.doorNo ? '号' : ''}`)
  if (loc.building) parts.push(`${loc.building}号楼`)
  if (loc.unit) parts.push(`${loc.unit}单元`)
  if (loc.room) parts.push(`${loc.room}室`)
  else if (loc.floor) parts.push(`${loc.floor}层`)
  const address = parts.join('')
  return [address, loc.spot].filter(Boolean).join(' ')
}
