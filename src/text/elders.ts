import type { ElderTier } from '../domain/types.js'
import { formatDuration } from './cases.js'

/** 红 / 黄 / 蓝: how fast a missed sign goes up. */
export const TIER_LABELS = { red: '红', yellow: '黄', blue: '蓝' } satisfies Record<ElderTier, string>

/** One elder as a line of a list: name, room, tier. */
export interface ElderLine {
  name: string
  place: string
  tier: ElderTier
  /** `8:00` */
  time: string
}

const who = (e: { name: string; place: string }) => (e.place ? `${e.name} ${e.place}` : e.name)
const tierWord = (tier: ElderTier) => `${TIER_LABELS[tier]}色`
const family = (names: string[]) => (names.length ? `家属${names.join('、')}` : '无家属')

/** The greeting of the nudge by the hour it goes out. */
function greeting(hour: number): string {
  return hour < 11 ? '早上好' : hour < 13 ? '中午好' : hour < 18 ? '下午好' : '晚上好'
}

/** Every line of the elder check-in (平安打卡), keyed by command or step. */
export const elderText = {
  /** What a command given in a grid group says there: the answer itself went privately. */
  answeredPrivately: '已私聊回复你',
  tiers: { 红: 'red', 红色: 'red', 黄: 'yellow', 黄色: 'yellow', 蓝: 'blue', 蓝色: 'blue' } as Record<string, ElderTier>,

  care: {
    words: { name: '关爱', aliases: ['care'] },
    summary: '登记独居老人的每日平安打卡',
    args: { who: '@成员或房号 姓名' },
    usageNote: ' [7:30] [红/黄/蓝]',
    done: (created: boolean, e: ElderLine & { grid: string }, grace: number, visit: number) =>
      [
        `${created ? '已登记关爱' : '已更新关爱'}：${who(e)}（${e.grid}）`,
        `每天 ${e.time} 前报平安，${tierWord(e.tier)}`,
        `未报平安：${formatDuration(grace / 60_000)}后通知网格员，再${formatDuration(visit / 60_000)}未探访报社区`,
      ].join('\n'),
    /** To the elder, privately, when first signed up. */
    welcome: (call: string, time: string, worker: string) =>
      `${call}您好，网格员${worker}为您开通了平安打卡：每天 ${time} 前给我发一条消息就算报平安，发个“好”字就行。`,
    badTime: '时间应在 1:00 到 23:59 之间，如 7:30',
    notFound: (words: string) => `没有在网格群里找到 ${words}：请确认他在群里，或写上房号和姓名`,
    several: (list: string[]) => `找到 ${list.length} 位：${list.join('、')}。请写上房号和姓名，或在网格群里 @ 他`,
    outOfScope: (name: string) => `${name} 不在你负责的网格`,
    noElder: '请 @ 要关爱的老人，或写上房号和姓名',
    notTheBot: '机器人不能登记为关爱对象',
  },

  careFamily: {
    words: { name: '关爱家属', aliases: ['care-family'] },
    summary: '登记老人的家属（可代报平安，未报时会被告知）',
    args: { who: '@老人 @家属…' },
    done: (elder: string, names: string[]) => `${elder} 的家属：${names.join('、')}\n未报平安时会私聊告知，家属也可代报 #报平安`,
    /** To the family member, privately. */
    welcome: (elder: string) =>
      `您好，您已登记为 ${elder} 的关爱家属：老人当天没有报平安时，我会私聊告诉您。确认平安后可回复 #报平安 ${elder}；外出时回复 #外出 ${elder} 3天`,
    noFamily: '请在网格群里 @ 老人和家属，或私聊写上老人和家属的姓名',
    familyNotFound: (name: string) => `没有找到家属 ${name}：家属需在机器人所在的群里`,
  },

  careStop: {
    words: { name: '取消关爱', aliases: ['care-stop'] },
    summary: '取消老人的平安打卡',
    args: { who: '@老人或姓名' },
    done: (name: string) => `已取消关爱：${name}`,
  },

  careList: {
    words: { name: '关爱名单', aliases: ['care-list'] },
    summary: '关爱的老人、今天的平安打卡和外出情况',
    header: (at: string, n: { total: number; signed: number; away: number; missed: number }) =>
      `关爱名单（${at}）：${n.total} 人｜已报 ${n.signed}｜外出 ${n.away}｜未报 ${n.missed}`,
    grid: (name: string) => `【${name}】`,
    line: (e: ElderLine, status: string, familyNames: string[]) =>
      `${who(e)} ${TIER_LABELS[e.tier]} ${e.time}｜${status}${familyNames.length ? `｜家属${familyNames.join('、')}` : ''}`,
    status: {
      signed: (at: string, how: 'self' | 'family' | 'worker' | null) =>
        `✓${at}${how === 'family' ? ' 家属报' : how === 'worker' ? ' 网格员报' : ''}`,
      visited: (at: string) => `✓已探访 ${at}`,
      pending: '未到时间',
      away: (until: string) => `外出至${until}`,
      missed: '✗未报',
      listed: '✗未报，已通知网格员',
      escalated: '✗未报，已报社区',
      unchecked: '无法判断（机器人离线）',
      notToday: '明天开始',
    },
    empty: '你负责的范围内还没有关爱的老人，在网格群里发 #关爱 @成员 登记',
  },

  away: {
    words: { name: '外出', aliases: ['away'] },
    summary: '老人外出几天，不用报平安',
    args: { days: '天数' },
    usagePrefix: '[@老人] ',
    done: (name: string, days: number, last: string, resume: string) =>
      days === 0 ? `${name} 已回来，今天起恢复平安打卡` : `${name} 外出 ${days} 天（至 ${last}），${resume} 起恢复平安打卡`,
    badDays: '天数应为 0 到 90，如 #外出 3天（0 表示已回来）',
  },

  checkIn: {
    words: { name: '报平安', aliases: ['checkin'] },
    summary: '替老人报今天的平安（家属、网格员）',
    args: { who: '@老人' },
    done: (name: string, late: boolean) => `已为 ${name} 报平安${late ? '，已告诉网格员' : ''}`,
  },

  visited: {
    words: { name: '已探访', aliases: ['visited'] },
    summary: '未报平安的老人已上门看过',
    args: { who: '@老人或姓名', note: '情况' },
    done: (name: string, chase: boolean) => `已记录探访：${name}${chase ? '，今天的追踪已结束' : ''}`,
    noNote: (name: string) => `请写上探访情况，如 #已探访 ${name} 已上门，身体好`,
  },

  /** Finding the elder a command is about. */
  find: {
    notLookedAfter: (words: string) => `${words} 不在关爱名单中`,
    several: (list: string[]) => `有 ${list.length} 位：${list.join('、')}。请写上房号，或 @ 老人`,
    none: '没有找到你可以报平安的老人：家属需由网格员用 #关爱家属 登记',
    which: (names: string[]) => `你登记了 ${names.length} 位老人（${names.join('、')}），请写上姓名，如 #报平安 ${names[0]}`,
    notYours: (name: string) => `你不是 ${name} 的登记家属或网格员`,
  },

  /** A private 平安 / 签到 / 好 (and the like) from an elder, and the first voice or sticker of the day. */
  warm: {
    words:
      /^(平安|报平安|我平安|签到|打卡|好|好的|好滴|好嘞|很好|挺好|还好|都好|我很好|我挺好|我还好|我好|一切都?好|一切正常|正常|没事|没事儿|没问题|在|在的|在呢|早|早上好|早安|上午好|中午好|下午好|晚上好|你好|您好|嗯|嗯嗯|收到|知道了|谢谢|ok|okay)(啊|呀|哦|了|的|啦|呢)?$/i,
    /** What is left of a message once emoji, WeChat's [表情] and punctuation are taken off. */
    decoration: /\p{Extended_Pictographic}|\u200d|\ufe0f|[\s!！。.~～,，、?？]|\[[^\]\s]{1,4}\]/gu,
    reply: (late: boolean) => (late ? '收到，您平安就好！我已告诉网格员，不用担心。' : '收到，您平安就好！祝您今天顺心。'),
  },

  /** The chase. */
  nudge: (call: string, hour: number) => `${call}${greeting(hour)}，今天还好吗？回复任意消息报个平安`,
  toWorker: {
    header: (n: number) => `【平安打卡】${n} 位老人没有按时报平安，请尽快联系或上门：`,
    line: (i: number, e: ElderLine, familyNames: string[]) => `${i}. ${who(e)} ${tierWord(e.tier)} ${e.time}前未报｜${family(familyNames)}`,
    familyTold: '家属已同时收到提醒',
    howTo: (name: string) => `上门后回复：#已探访 ${name} 已上门，身体好`,
    noWorker: (grid: string) => `（${grid}没有网格员，由社区处理）`,
    unchecked: (from: string, to: string, names: string[], days: string[]) =>
      `【平安打卡】机器人 ${from}–${to} 离线，${names.join('、')} ${days.join('、')} 的平安打卡无法确认（消息可能没收到），请电话或上门问候`,
  },
  toFamily: (elder: string, time: string, worker: string | null) =>
    `您好，${elder} 今天 ${time} 前还没有报平安${worker ? `，网格员${worker}已收到提醒` : ''}。方便的话请打个电话问候；确认平安后请回复：#报平安 ${elder}`,
  toCommunity: {
    header: (n: number) => `【平安打卡升级】${n} 位独居老人未报平安，网格员未回复探访：`,
    line: (i: number, e: ElderLine & { grid: string }, listedAt: string, worker: string | null, familyNames: string[]) =>
      `${i}. ${e.grid} ${who(e)} ${tierWord(e.tier)}｜${e.time}前未报｜${listedAt}已通知${worker ? `网格员${worker}` : '社区'}｜${family(familyNames)}`,
    howTo: (name: string) => `请联系网格员或安排上门；探访后回复 #已探访 ${name} <情况>`,
    noStaffGroup: '社区还没有绑定工作群，此提醒改发网格员',
  },
  /** A chase ended by a late sign, a visit or an away: to those the chase had told. */
  ended: {
    signed: (name: string, at: string, how: 'self' | 'family' | 'worker', by: string) =>
      `【平安打卡】${name} 已报平安（${at}，${how === 'self' ? '本人' : how === 'family' ? `家属${by}` : by}）`,
    visited: (name: string, by: string, note: string) => `【平安打卡】${name} 已探访（${by}）：${note}`,
    away: (name: string, by: string) => `【平安打卡】${name} 外出，${by}已告知`,
  },

  /** The daily digest: yesterday's chases that went up to the community. */
  digest: {
    header: (n: number) => `昨日平安打卡报社区 ${n} 起：`,
    line: (grid: string, e: { name: string; place: string }, time: string, outcome: string) =>
      `${grid} ${who(e)}｜${time}前未报｜${outcome}`,
    visited: (at: string, by: string) => `${at} ${by}已探访`,
    signed: (at: string) => `${at} 已报平安`,
    away: '已告知外出',
    open: '仍未探访',
  },

  /** #统计's line per grid. */
  stats: (n: { elders: number; onTime: string; chases: number; visits: number; escalations: number }) =>
    `平安打卡：老人 ${n.elders}｜按时报平安 ${n.onTime}｜追踪 ${n.chases}｜探访 ${n.visits}｜报社区 ${n.escalations}`,

  /** Who did something, in a timeline entry. */
  events: {
    signedUp: (time: string, tier: ElderTier) => `${time} ${tierWord(tier)}`,
    away: (days: number, last: string) => (days ? `外出 ${days} 天至 ${last}` : '已回来'),
    unchecked: (from: string, to: string) => `机器人 ${from}–${to} 离线`,
    nobodyTold: '网格没有网格员，社区没有工作群：无人可通知',
  },
}
