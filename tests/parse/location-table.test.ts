import { describe, expect, it } from 'vitest'
import type { Location } from '../../src/domain/types.js'
import { formatLocation, isHomeOnly, isInBuildingOnly, parseLocation } from '../../src/parse/location.js'
import { normalizeText } from '../../src/parse/normalize.js'

/** [report, what the parser reads] — written for this table, grouped by what they test. */
const TABLE: [string, Location][] = [
  // dates, times, phone numbers, amounts, lines and routes are never buildings, units or rooms
  ['2025-03-05 7号楼停电了', { building: '7' }],
  ['3月5号7栋停水', { building: '7' }],
  ['12.25 3号楼电梯坏了', { building: '3', spot: '电梯' }],
  ['2026/3/5起6栋停水', { building: '6' }],
  ['晚上8点5号楼楼道灯不亮', { building: '5', spot: '楼道' }],
  ['8:30到现在2单元还没水', { unit: '2' }],
  ['15：30 12号楼电梯困人', { building: '12', spot: '电梯' }],
  ['10号那天9栋1102漏水', { building: '9', room: '1102' }],
  ['3号楼有人噪音扰民，电话13812345678', { building: '3' }],
  ['5栋 138 1234 5678 联系我', { building: '5' }],
  ['0571-88889999是物业电话吗', {}],
  ['坐5号线回来看到7栋门口有垃圾', { building: '7', spot: '门口' }],
  ['3路公交站旁边的井盖没了', {}],
  ['物业收了50块停车费', {}],
  ['2单元500块钱的门禁卡丢了', { unit: '2' }],
  ['3楼漏水', { floor: '3' }],
  ['3楼楼道有杂物', { floor: '3', spot: '楼道' }],
  ['2026年11月22日13号楼停电', { building: '13' }],
  ['十二月三号开始8栋没暖气', { building: '8' }],
  ['上个月10号报的还没修', {}],
  ['从2025-11-01到现在一直这样', {}],
  ['3号楼100米外的路灯坏了', { building: '3' }],
  ['下午3点半A座大堂很多人', { building: 'A', spot: '大堂' }],
  ['9月份以来7栋一直漏水', { building: '7' }],
  ['12栋2023年装修到现在', { building: '12' }],
  // lettered buildings, areas and phases
  ['C座大堂的感应门坏了', { building: 'C', spot: '大堂' }],
  ['D12栋楼下垃圾没人收', { building: 'D12' }],
  ['B16栋电梯坏了', { building: 'B16', spot: '电梯' }],
  ['A2区的路灯不亮', { area: 'A2区' }],
  ['A座1单元门口', { building: 'A', unit: '1', spot: '单元门口' }],
  ['5栋602天台漏水', { building: '5', room: '602', spot: '天台' }],
  ['2期3号楼停水', { area: '2期', building: '3' }],
  ['二期5栋602', { area: '2期', building: '5', room: '602' }],
  ['B区5栋楼道堆满杂物', { area: 'B区', building: '5', spot: '楼道' }],
  ['东区3栋2单元', { area: '东区', building: '3', unit: '2' }],
  ['c座3楼卫生间', { building: 'C', floor: '3', spot: '卫生间' }],
  ['Ｃ座电梯', { building: 'C', spot: '电梯' }],
  ['A2区B16栋1201室', { area: 'A2区', building: 'B16', room: '1201' }],
  ['这一区域都停电了', {}],
  ['星期三物业来过', {}],
  ['两个座椅坏了', {}],
  // bare rooms after 栋, 楼 and 号楼
  ['9栋1102家的狗一直叫', { building: '9', room: '1102' }],
  ['6栋602天花板渗水', { building: '6', room: '602' }],
  ['3号楼2单元502', { building: '3', unit: '2', room: '502' }],
  ['7-2-301厨房漏水', { building: '7', unit: '2', room: '301', spot: '厨房' }],
  ['5号楼1-301', { building: '5', unit: '1', room: '301' }],
  ['12号楼 1203 门口堆了东西', { building: '12', room: '1203', spot: '门口' }],
  ['7栋1102号噪音很大', { building: '7', room: '1102' }],
  ['十二号楼三单元1201', { building: '12', unit: '3', room: '1201' }],
  ['8-1102楼上漏水', { building: '8', room: '1102', relation: '楼上' }],
  ['5栋3个人在吵架', { building: '5' }],
  ['3号楼2单元 13812345678', { building: '3', unit: '2' }],
  ['12楼1203', { floor: '12' }],
  // gates, sides, lobbies and lift halls
  ['小区西门的栏杆被撞歪了', { spot: '西门' }],
  ['东门保安不在岗', { spot: '东门' }],
  ['南门口有人摆摊', { spot: '南门' }],
  ['小区北侧的围墙倒了', { spot: '北侧' }],
  ['东南角的路灯一直闪', { spot: '东南角' }],
  ['3号楼北侧有积水', { building: '3', spot: '北侧' }],
  ['后门的门禁坏了', { spot: '后门' }],
  ['侧门被锁了出不去', { spot: '侧门' }],
  ['北大门的道闸抬不起来', { spot: '北大门' }],
  ['房东门口放了垃圾', { spot: '门口' }],
  ['小区东边的垃圾桶满了', { spot: '垃圾桶' }],
  ['小区垃圾站满了', { spot: '垃圾站' }],
  ['小区里的路灯坏了', { spot: '小区' }],
  ['5栋大堂的灯坏了', { building: '5', spot: '大堂' }],
  ['电梯厅地面很滑', { spot: '电梯厅' }],
  ['一楼大厅有人抽烟', { floor: '1', spot: '大厅' }],
  ['门厅的信报箱坏了', { spot: '门厅' }],
  ['人民路与解放路交叉口的红绿灯坏了', { spot: '人民路与解放路交叉口' }],
  ['人民路和解放路路口积水', { spot: '人民路和解放路路口' }],
  ['中山路建设路口有个坑', { spot: '中山路建设路口' }],
  // roads with and without a door number, and words that are no road
  ['人民路上的红绿灯不亮了', { road: '人民路' }],
  ['中山路88号门口', { road: '中山路', doorNo: '88', spot: '门口' }],
  ['建设大道有个大坑', { road: '建设大道' }],
  ['幸福街东段路灯不亮', { road: '幸福街', spot: '东段' }],
  ['和平路12号', { road: '和平路', doorNo: '12' }],
  ['向阳路上有人乱停车', { road: '向阳路' }],
  ['小区门口长江路上井盖没了', { road: '长江路', spot: '小区门口' }],
  ['北京东路的井盖丢了', { road: '北京东路' }],
  ['人民大街晚上很黑', { road: '人民大街' }],
  ['中山路88号楼漏水', { road: '中山路', building: '88' }],
  ['人民路口没有斑马线', { road: '人民路', spot: '路口' }],
  ['马路上有个坑', {}],
  ['楼下的马路边停满了车', { relation: '楼下' }],
  ['路灯坏了好几天', {}],
  ['路口没有红绿灯', { spot: '路口' }],
  ['十字路口堵死了', { spot: '十字路口' }],
  ['一路上都是垃圾', {}],
  ['老人走路摔了一跤', {}],
  ['过马路太危险', {}],
  ['修路修了三个月', {}],
  ['回家路上看到井盖没了', {}],
  ['幸福街道的通知收到了', {}],
  ['这条街晚上很黑', {}],
  ['楼道路灯坏了', { spot: '楼道' }],
  ['家里路由器没信号', { spot: '家里' }],
  // upstairs, downstairs, next door, across the landing
  ['楼上卫生间漏水', { relation: '楼上', spot: '卫生间' }],
  ['楼下天天吵架', { relation: '楼下' }],
  ['隔壁邻居家的狗半夜叫', { relation: '隔壁' }],
  ['对门在楼道堆杂物', { relation: '对门', spot: '楼道' }],
  ['121号楼2单元楼上卫生间漏水', { building: '121', unit: '2', relation: '楼上', spot: '卫生间' }],
  ['楼上楼下都停水了', {}],
  ['3号楼下面停了辆车', { building: '3' }],
  ['5楼上面有人吵', {}],
  ['下楼上班的时候看到电梯坏了', { spot: '电梯' }],
  ['隔壁楼在装修', {}],
  // spots inside a building
  ['楼道里有人充电', { spot: '楼道' }],
  ['楼顶水箱漏水', { spot: '楼顶' }],
  ['楼梯间的灯不亮', { spot: '楼梯间' }],
  ['地下室进水了', { spot: '地下室' }],
  ['2单元楼道灯坏了', { unit: '2', spot: '楼道' }],
]

describe('locations as people write them', () => {
  it.each(TABLE)('%s', (text, loc) => {
    expect(parseLocation(normalizeText(text))).toEqual(loc)
  })

  it('reads each new field back briefly, and the old ones as before', () => {
    const cases: [Location, string][] = [
      [{ building: 'C', spot: '大堂' }, 'C座 大堂'],
      [{ building: '7', unit: '2', spot: '楼道' }, '7号楼2单元 楼道'],
      [{ road: '人民路' }, '人民路'],
      [{ spot: '西门' }, '西门'],
      [{ relation: '楼上', spot: '卫生间' }, '楼上 卫生间'],
      [{ building: '3', unit: '2', room: '502', relation: '楼上', spot: '卫生间' }, '3号楼2单元502室 楼上 卫生间'],
      [{ building: 'D12' }, 'D12栋'],
      [{ area: '2期', building: '3' }, '2期3号楼'],
      [{ area: 'A2区' }, 'A2区'],
      [{ road: '中山路', building: '88' }, '中山路88号楼'],
      [{ spot: '人民路与解放路交叉口' }, '人民路与解放路交叉口'],
      [{ building: '121', unit: '2', room: '502', spot: '卫生间' }, '121号楼2单元502室 卫生间'],
      [{ road: '建设路', doorNo: '12', spot: '门口' }, '建设路12号 门口'],
      [{ building: '5', floor: '3', spot: '楼道' }, '5号楼3层 楼道'],
      [{}, ''],
    ]
    for (const [loc, text] of cases) expect(formatLocation(loc)).toBe(text)
  })

  it('tells a home from a spot in a building from a place of its own', () => {
    const kind = (text: string) => {
      const loc = parseLocation(text)
      return isHomeOnly(loc) ? 'home' : isInBuildingOnly(loc) ? 'building' : 'written'
    }
    expect(['楼上卫生间漏水', '楼下天天吵架', '停水了', '家里跳闸', '3楼卫生间'].map(kind)).toEqual([
      'home',
      'home',
      'home',
      'home',
      'home',
    ])
    expect(['楼道里有人充电', '电梯坏了', '楼顶漏水', '2单元楼道灯坏了', '对门在楼道堆杂物'].map(kind)).toEqual([
      'building',
      'building',
      'building',
      'building',
      'building',
    ])
    expect(['5栋楼道', 'C座大堂', '人民路上', 'A2区的路灯', '西门', '垃圾站满了'].map(kind)).toEqual([
      'written',
      'written',
      'written',
      'written',
      'written',
      'written',
    ])
  })
})
