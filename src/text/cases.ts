import type { ClockName } from '../domain/clocks.js'
import type { CaseAction } from '../domain/case-machine.js'
import type { CaseState, Category } from '../domain/types.js'
import { CASE_STATE_LABELS, CATEGORY_LABELS, CLOCK_LABELS, LEVEL_LABELS } from './labels.js'

/** 3小时20分 / 2天3小时 / 45分钟 */
export function formatDuration(minutes: number): string {
  const m = Math.max(1, Math.round(minutes))
  if (m < 60) return `${m}分钟`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}小时${m % 60 ? (m % 60) + '分' : ''}`
  const d = Math.floor(h / 24)
  return `${d}天${h % 24 ? (h % 24) + '小时' : ''}`
}

/** The command that stops each clock. */
export function actCommand(clock: ClockName, id: number): string {
  return clock === 'signFor' ? `#受理 ${id}` : clock === 'respond' ? `#进展 ${id} <内容>` : `#办结 ${id} <结果>`
}

const caseLine = (id: number, category: Category, state: CaseState) =>
  `编号 ${id}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}`

/** Every line about cases, keyed by the command or event that says it. */
export const caseText = {
  /** Refusals any case command may give. */
  refusal: {
    /** Also what someone gets for a case that is not theirs: a stranger cannot tell which cases exist. */
    noSuchCase: (id: number) => `没有编号 ${id} 的案件`,
    outOfScope: (id: number) => `编号 ${id} 不在你负责的范围内`,
    /** A case on hold says how to go on rather than that it cannot (issue 14: 已挂起 ≠ 已受理过). */
    state: (id: number, state: CaseState, action: string) =>
      state === 'on_hold' ? `编号 ${id} 已挂起，请先 #恢复 ${id}` : `编号 ${id} ${CASE_STATE_LABELS[state]}，不能再${action}`,
    actions: {
      accept: '受理',
      assign: '指派',
      progress: '更新进展',
      resolve: '办结',
      return: '退回',
      hold: '挂起',
      resume: '恢复',
      reopen: '重开',
      rate: '评价',
      cancel: '撤销',
      closeUnrated: '关闭',
      recategorize: '改类',
      correctCategory: '改类',
    } satisfies Record<CaseAction, string>,
    /** A new category that is the case's category already. */
    unchanged: (id: number, category: Category) => `编号 ${id} 已是${CATEGORY_LABELS[category]}，不用改`,
  },

  report: {
    words: { name: '报事', aliases: ['报修', '投诉', '求助', 'report'] },
    summary: '登记问题，如 #报事 3号楼楼道灯不亮',
    args: { text: '描述' },
    notAGridGroup: '本群还没有绑定网格，请管理员发送 #绑定网格 <社区> <网格>',
    inGridGroup: '请在你所在的网格群里报事',
    askToRegister: '要登记为报事吗？回复"是"登记',
    /** What answers that question. */
    confirmWords: /^(是|是的|是啊|对|对的|对对|嗯|嗯嗯|好|好的|好滴|好嘞|行|可以|要|要的|登记|登记吧|确认|麻烦了?)[!！。.~～]*$/,
    filed: (id: number, category: Category, where: string, handler: string | null, photos: number) =>
      [
        `编号 ${id} 已登记`,
        `类别：${CATEGORY_LABELS[category]}`,
        `位置：${where || '未写明，可发 #补充 ' + id + ' 位置'}`,
        handler ? `已转${handler}处理` : '已转社区工作人员分派',
        ...(photos > 0 ? [`已附照片 ${photos} 张`] : []),
      ].join('\n'),
    urgentSuffix: '属紧急情况，已同时通知社区',
    handlerLabel: {
      community: (name: string) => `社区${name}`,
      leader: (name: string) => `网格长${name}`,
      worker: (name: string) => `网格员${name}`,
    },
    toHandler: (
      id: number,
      urgent: boolean,
      category: Category,
      grid: string,
      where: string,
      reporter: string,
      text: string,
      photos: { count: number; forwarded: boolean },
    ) =>
      [
        `${urgent ? '【紧急】' : ''}新案件 编号 ${id}`,
        `${grid}｜${CATEGORY_LABELS[category]}`,
        `位置：${where || '未写明'}`,
        `报事人：${reporter}`,
        `内容：${text}`,
        ...(photos.count > 0 ? [caseText.photo.count(photos.count, photos.forwarded)] : []),
        `受理请发 #受理 ${id}`,
      ].join('\n'),
    urgentToCommunity: (id: number, category: Category, grid: string, where: string, handler: string | null, text: string) =>
      [
        `【紧急】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
        `位置：${where || '未写明'}`,
        `内容：${text}`,
        handler ? `已转网格员${handler}` : '本网格没有网格员，请社区分派：#指派 ' + id + ' @某人',
      ].join('\n'),
  },

  /** Photos of a case: what the reporter, the handler and #查询 are told. */
  photo: {
    /** To the reporter, once per burst of photos sent after the report. */
    attached: (id: number) => `照片已附到编号 ${id}`,
    /** To the handler, before the photos of a burst sent after the report. */
    toHandler: (id: number, reporter: string) => `编号 ${id} ${reporter}补充了照片：`,
    count: (n: number, forwarded: boolean) => `照片：${n} 张${forwarded ? '（随后发给你）' : ''}`,
  },

  add: {
    words: { name: '补充', aliases: ['add'] },
    summary: '给自己报的事补充说明',
    args: { text: '内容' },
    closed: (id: number, state: CaseState) => `编号 ${id} ${CASE_STATE_LABELS[state]}，不能再补充或撤销`,
    done: (id: number) => `编号 ${id} 已补充`,
    tooMany: (id: number, max: number) => `编号 ${id} 已补充${max}次，不能再补充了，有新情况请直接联系网格员`,
    toHandler: (id: number, who: string, text: string) => `编号 ${id} ${who}补充：${text}`,
  },

  cancel: {
    words: { name: '撤销', aliases: ['cancel'] },
    summary: '撤回自己还没办结的事',
    args: { reason: '原因' },
    done: (id: number) => `编号 ${id} 已撤销`,
    toHandler: (id: number, who: string, reason: string) => `编号 ${id} 已由${who}撤销${reason ? '：' + reason : ''}`,
  },

  mine: {
    words: { name: '我的', aliases: ['mine'] },
    summary: '查看自己报的事',
    none: '你还没有报过事。报事请发 #报事 <描述>',
    header: (total: number, shown: number) =>
      total > shown ? `你的报事（最近 ${shown} 件，共 ${total} 件）：` : `你的报事（共 ${total} 件）：`,
    line: (id: number, category: Category, state: CaseState, when: string) => `${caseLine(id, category, state)}｜${when}`,
  },

  query: {
    words: { name: '查询', aliases: ['case'] },
    summary: '查看一件事的进度',
    inGroup: (id: number, category: Category, state: CaseState) => `${caseLine(id, category, state)}\n详情请私聊我发送 #查询 ${id}`,
    detail: (
      id: number,
      category: Category,
      state: CaseState,
      where: string,
      handler: string | null,
      text: string,
      rating: string | null,
      clocks: string[],
      photos: number,
    ) =>
      [
        caseLine(id, category, state),
        `位置：${where || '未写明'}`,
        `处理人：${handler ?? '待分派'}`,
        `内容：${text}`,
        ...(photos > 0 ? [caseText.photo.count(photos, false)] : []),
        ...(rating ? [`评价：${rating}`] : state === 'closed' ? ['评价：未评价'] : []),
        ...clocks,
        '进度：',
      ].join('\n'),
    eventLine: (when: string, label: string, text: string) => `${when} ${label}${text ? '：' + text : ''}`,
    clockLine: (label: string, due: string, state: string) => `${label}：${due} 前${state ? '，' + state : ''}`,
    clockDone: '已完成',
    clockLate: (lateMinutes: number) => `已超期${formatDuration(lateMinutes)}`,
    clockLeft: (leftMinutes: number) => `还剩${formatDuration(leftMinutes)}`,
    clockPaused: '已挂起',
  },

  rate: {
    words: { name: '评价', aliases: ['rate'] },
    summary: '评价已办结的事',
    args: { rating: '满意/基本满意/不满意/1-5', comment: '意见' },
    /** What a rating may say, and the score each word stands for. */
    ratingWords: {
      非常满意: ['satisfied', 5],
      满意: ['satisfied', 5],
      基本满意: ['basic', 3],
      一般: ['basic', 3],
      不满意: ['unsatisfied', 1],
      很不满意: ['unsatisfied', 1],
    } as Record<string, readonly ['satisfied' | 'basic' | 'unsatisfied', number]>,
    /** A score as typed: 5, 5分. */
    score: /^([1-5])\s*分?$/,
    done: (id: number, label: string) => `编号 ${id} 评价：${label}，谢谢！`,
    which: (waiting: { id: number; category: Category }[], word: string) =>
      `你有 ${waiting.length} 件待评价：${waiting.map((c) => `编号 ${c.id}（${CATEGORY_LABELS[c.category]}）`).join('、')}，请回复 #评价 <编号> ${word}`,
    reopened: (id: number) => `编号 ${id} 已收到“不满意”，已重新交办，会尽快处理`,
    toStaffUnsatisfied: (id: number, grid: string, comment: string) =>
      `编号 ${id}｜${grid} 报事人不满意，已重开${comment ? '：' + comment : ''}`,
  },

  assign: {
    words: { name: '指派', aliases: ['assign'] },
    summary: '把案件交给另一位工作人员',
    args: { target: '@某人' },
    noMention: '请 @ 要指派的工作人员，例如 #指派 12 @李芳',
    notStaffInScope: (name: string, id: number) => `${name}不负责编号 ${id} 所在网格，不能指派`,
    done: (id: number, name: string) => `编号 ${id} 已指派给${name}`,
    toAssignee: (id: number, grid: string, category: Category, where: string, text: string, by: string, photos: number) =>
      [
        `编号 ${id} 已由${by}指派给你`,
        `${grid}｜${CATEGORY_LABELS[category]}`,
        `位置：${where || '未写明'}`,
        `内容：${text}`,
        ...(photos > 0 ? [caseText.photo.count(photos, true)] : []),
        `受理请发 #受理 ${id}`,
      ].join('\n'),
  },
  accept: {
    words: { name: '受理', aliases: ['accept'] },
    summary: '签收案件',
    done: (id: number) => `编号 ${id} 已受理`,
    toReporter: (id: number, handler: string) => `编号 ${id} 已受理，${handler}正在处理`,
  },
  progress: {
    words: { name: '进展', aliases: ['progress'] },
    summary: '记录处理进展',
    args: { text: '内容' },
    done: (id: number) => `编号 ${id} 进展已记录`,
    toReporter: (id: number, text: string) => `编号 ${id} 有进展：${text}`,
  },
  resolve: {
    words: { name: '办结', aliases: ['resolve'] },
    summary: '办结案件，请报事人评价',
    args: { result: '结果' },
    done: (id: number) => `编号 ${id} 已办结，已请报事人评价`,
    toReporter: (id: number, result: string) =>
      `编号 ${id} 已办结：${result}\n请评价：回复“满意”“基本满意”“不满意”或 1-5 分，也可发 #评价 ${id} 满意`,
  },
  return: {
    words: { name: '退回', aliases: ['return'] },
    summary: '不属本网格，退回社区分派',
    args: { reason: '原因' },
    done: (id: number) => `编号 ${id} 已退回社区分派`,
    toReporter: (id: number) => `编号 ${id} 已转社区重新分派，请耐心等待`,
    toCommunity: (id: number, grid: string, category: Category, who: string, reason: string) =>
      `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}\n${who}退回：${reason}\n请分派：#指派 ${id} @某人`,
  },
  hold: {
    words: { name: '挂起', aliases: ['hold'] },
    summary: '暂停时限（如等配件、等业主）',
    args: { reason: '原因' },
    done: (id: number) => `编号 ${id} 已挂起，时限暂停`,
  },
  resume: {
    words: { name: '恢复', aliases: ['resume'] },
    summary: '恢复挂起的案件',
    done: (id: number) => `编号 ${id} 已恢复，时限继续`,
  },
  reopen: {
    words: { name: '重开', aliases: ['reopen'] },
    summary: '重新处理已办结的案件',
    args: { reason: '原因' },
    done: (id: number) => `编号 ${id} 已重开`,
    toReporter: (id: number) => `编号 ${id} 已重新处理`,
    toAssignee: (id: number, reason: string) => `编号 ${id} 已重开${reason ? `：${reason}` : ''}`,
  },

  recategorize: {
    words: { name: '改类', aliases: ['recategorize'] },
    summary: '更正案件类别（时限随之调整）',
    args: { category: '类别' },
    badCategory: `没有这个类别，可选：${Object.values(CATEGORY_LABELS).join('、')}`,
    /** The timeline entry: 房屋维修→安全隐患. */
    event: (from: Category, to: Category) => `${CATEGORY_LABELS[from]}→${CATEGORY_LABELS[to]}`,
    done: (id: number, category: Category, urgent: boolean, resolveBy: string | null) =>
      `编号 ${id} 已改为${CATEGORY_LABELS[category]}${urgent ? '（紧急）' : ''}${resolveBy ? `，办结时限 ${resolveBy}` : ''}`,
    alerted: '已同时通知社区',
    toAssignee: (id: number, from: Category, to: Category, urgent: boolean, resolveBy: string | null, by: string) =>
      `编号 ${id} 类别已由${by}从${CATEGORY_LABELS[from]}改为${CATEGORY_LABELS[to]}${urgent ? '（紧急）' : ''}${resolveBy ? `，办结时限 ${resolveBy}` : ''}`,
  },

  list: {
    words: { name: '案件', aliases: ['cases'] },
    summary: '查看负责范围内的案件',
    args: { filter: '未办结/超期/紧急/待受理/已办结/<类别>/<网格>/我的' },
    /** The filter words #案件 takes besides a category or a grid name. */
    filterWords: { 未办结: 'open', 超期: 'overdue', 紧急: 'urgent', 待受理: 'unsigned', 已办结: 'done', 我的: 'mine' } as const,
    defaultFilter: '未办结',
    gridSuffix: /网格$/,
    header: (filter: string, total: number) => `${filter}案件 ${total} 件：`,
    empty: (filter: string) => `没有${filter}案件`,
    line: (id: number, grid: string, category: Category, state: CaseState, late: string) =>
      `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}${late ? '｜' + late : ''}`,
    more: (n: number) => `还有 ${n} 件`,
    late: (minutes: number) => `超期${formatDuration(minutes)}`,
  },

  /** What the escalation ladder says. */
  ladder: {
    warn: (id: number, clock: ClockName, leftMinutes: number) =>
      `提醒：编号 ${id} ${CLOCK_LABELS[clock]}时限还剩${formatDuration(leftMinutes)}\n请尽快处理：${actCommand(clock, id)}`,
    overdueToHandler: (id: number, clock: ClockName, lateMinutes: number, level: number) =>
      `编号 ${id} ${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}${level > 0 ? `，已上报${LEVEL_LABELS[level]}` : ''}\n请尽快处理：${actCommand(clock, id)}`,
    escalation: (
      id: number,
      grid: string,
      category: Category,
      where: string,
      clock: ClockName,
      lateMinutes: number,
      handler: string | null,
      urgent: boolean,
    ) =>
      [
        `${urgent ? '【紧急】' : ''}【超期升级】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
        `位置：${where || '未写明'}`,
        `${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}，处理人：${handler ?? '待分派'}`,
        `请处理：${actCommand(clock, id)} 或 #指派 ${id} @某人`,
      ].join('\n'),
    dailyToStaff: (id: number, grid: string, category: Category, clock: ClockName, lateMinutes: number, handler: string | null) =>
      `【仍超期】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}\n${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}，处理人：${handler ?? '待分派'}`,
    eventWarned: (clock: ClockName) => `${CLOCK_LABELS[clock]}时限将到`,
    eventEscalated: (clock: ClockName, level: number) => `${CLOCK_LABELS[clock]}超期，升至${LEVEL_LABELS[level]}`,
    eventReminded: (clock: ClockName) => `${CLOCK_LABELS[clock]}仍超期`,
  },
  followUp: { closedUnrated: '未评价（回访期满自动关闭）' },

  /** The daily digest to each staff group. */
  digest: {
    header: (scope: string, date: string) => `${scope}日报（${date}）`,
    line: (grid: string, n: { created: number; open: number; overdue: number; closed: number }) =>
      `${grid}：新增 ${n.created}｜未办结 ${n.open}｜超期 ${n.overdue}｜关闭 ${n.closed}`,
    oldest: '超期最久：',
    oldestLine: (id: number, grid: string, category: Category, lateMinutes: number) =>
      `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}｜超期${formatDuration(lateMinutes)}`,
    none: '今日无超期案件',
  },
}
