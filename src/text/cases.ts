import type { ClockName } from '../domain/clocks.js'
import type { CaseAction } from '../domain/case-machine.js'
import type { CaseState, Category } from '../domain/types.js'
import { CASE_STATE_LABELS, CATEGORY_LABELS, CLOCK_LABELS } from './labels.js'

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

/** Who owns a case, as #查询, #案件 and the case board show it: 网格（刘晓燕）, 社区, 城管中队（张队）. */
export function ownerText(unit: string, assignee: string | null): string {
  return `${unit}${assignee ? `（${assignee}）` : ''}`
}

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
      escalate: '上报',
      dispatch: '派单',
    } satisfies Record<CaseAction, string>,
    /** Someone who sees the case but does not act for its owner (a 网格员 once the community owns it). */
    notOwner: (id: number, owner: string, action: string) => `编号 ${id} 现由${owner}承办，你不能${action}`,
    top: (id: number) => `编号 ${id} 已由街道承办，不能再上报；可 #派单 ${id} <部门>`,
    department: (id: number, department: string) => `编号 ${id} 由${department}承办，部门不能上报；不属本部门请 #退回 ${id} <原因>`,
    sameDepartment: (id: number, department: string) => `编号 ${id} 已由${department}承办，不用再派`,
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

  /** To the handler who had a case someone else handed on. */
  handedAway: (id: number, who: string, owner: string) => `编号 ${id} 已由${who}交${owner}承办，你不用再处理`,

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
      owner: string,
      mark: string,
      text: string,
      rating: string | null,
      clocks: string[],
      photos: number,
    ) =>
      [
        caseLine(id, category, state),
        `位置：${where || '未写明'}`,
        `承办：${owner}${mark ? `｜${mark}` : ''}`,
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
    /** The dispatching staff's rating of a department's response. */
    department: {
      done: (id: number, department: string, label: string) => `编号 ${id} ${department}的响应评价：${label}，已记录`,
      reopenHint: (id: number) => `如需重办：#重开 ${id} <原因>`,
      notDispatched: (id: number) => `编号 ${id} 不是部门办结的案件，只有报事人可以评价`,
      notResolved: (id: number, department: string) => `编号 ${id} ${department}还没有办结，办结后再评价`,
      already: (id: number, department: string) => `编号 ${id} 已评价过${department}`,
      event: (department: string, label: string, comment: string) => `${department}响应：${label}${comment ? `：${comment}` : ''}`,
    },
  },

  assign: {
    words: { name: '指派', aliases: ['assign'] },
    summary: '把案件交给另一位工作人员',
    args: { target: '@某人' },
    noMention: '请 @ 要指派的工作人员，例如 #指派 12 @李芳',
    /** The refusal names whom the sender may assign the case to. */
    notStaffInScope: (name: string, id: number, candidates: string[]) =>
      `${name}不负责编号 ${id} 所在网格，不能指派${candidates.length ? `\n可指派：${candidates.join('、')}` : ''}`,
    /** A department's handler assigns only to colleagues; a department's case goes elsewhere by #退回 or #派单. */
    notColleague: (name: string, id: number, department: string, candidates: string[]) =>
      `${name}不是${department}的处理人，不能指派${candidates.length ? `\n可指派：${candidates.join('、')}` : ''}`,
    candidate: (name: string, where: string) => `${name}（${where}）`,
    done: (id: number, name: string) => `编号 ${id} 已指派给${name}`,
    event: (who: string, name: string, owner: string) => `${who}指派给${name}，承办：${owner}`,
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
    summary: '不属本级承办，退回分派（部门退回派单的一级）',
    args: { reason: '原因' },
    done: (id: number, to: string) => `编号 ${id} 已退回${to}分派`,
    /** Added when the level it went back to has no staff group to tell. */
    noGroup: (name: string) => `${name}还没有工作群，未能通知，请直接联系`,
    toReporter: (id: number, to: string) => `编号 ${id} 已转${to}重新分派，请耐心等待`,
    toLevel: (id: number, grid: string, category: Category, who: string, reason: string, assignable: string[], departments: string[]) =>
      [
        `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
        `${who}退回：${reason}`,
        `请分派：#指派 ${id} @某人${assignable.length ? `（可指派：${assignable.join('、')}）` : ''}`,
        ...(departments.length ? [`或派单：#派单 ${id} <部门>（可派：${departments.join('、')}）`] : []),
      ].join('\n'),
    /** To the dispatcher when their level has no staff group. */
    toDispatcher: (id: number, department: string, reason: string) =>
      `编号 ${id} ${department}退回：${reason}\n请重新分派：#指派 ${id} @某人 或 #派单 ${id} <部门>`,
    event: (who: string, to: string, reason: string) => `${who}退回${to}：${reason}`,
  },

  escalate: {
    words: { name: '上报', aliases: ['escalate'] },
    summary: '交上一级承办（网格→社区→街道）',
    args: { reason: '原因' },
    noGroup: (level: string, name: string) => `${name}还没有工作群，不能上报${level}；请管理员在${level}工作群发 #绑定工作群 ${name}`,
    done: (id: number, level: string) => `编号 ${id} 已上报${level}，现由${level}承办`,
    toLevel: (id: number, grid: string, category: Category, urgent: boolean, where: string, text: string, who: string, reason: string) =>
      [
        `${urgent ? '【紧急】' : ''}【上报】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
        `${who}上报：${reason}`,
        `位置：${where || '未写明'}`,
        `内容：${text}`,
        `现由本级承办，请受理：#受理 ${id}，或 #指派 ${id} @某人、#派单 ${id} <部门>`,
      ].join('\n'),
    toReporter: (id: number, level: string) => `编号 ${id} 已转${level}处理`,
    event: (who: string, level: string, reason: string) => `${who}上报${level}：${reason}`,
  },

  dispatch: {
    words: { name: '派单', aliases: ['dispatch'] },
    summary: '派给职能部门承办（部门报到）',
    args: { department: '部门', note: '说明' },
    unknown: (word: string, names: string[]) =>
      names.length ? `没有“${word}”部门，可派：${names.join('、')}` : '还没有可派的部门：请管理员在部门群发 #绑定部门 <部门> [<街道>]',
    ambiguous: (word: string, names: string[]) => `“${word}”对应多个部门：${names.join('、')}，请写全名`,
    noGroup: (name: string) => `${name}还没有部门群，请管理员在该部门的群里发 #绑定部门 ${name}`,
    done: (id: number, department: string) => `编号 ${id} 已派单${department}，现由${department}承办`,
    toDepartment: (id: number, grid: string, category: Category, urgent: boolean, where: string, text: string, who: string, note: string) =>
      [
        `${urgent ? '【紧急】' : ''}【派单】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
        `${who}派单${note ? `：${note}` : ''}`,
        `位置：${where || '未写明'}`,
        `内容：${text}`,
        `受理请发 #受理 ${id}；办结 #办结 ${id} <结果>；不属本部门 #退回 ${id} <原因>`,
      ].join('\n'),
    toReporter: (id: number, department: string) => `编号 ${id} 已转${department}处理`,
    event: (who: string, department: string, note: string) => `${who}派单${department}${note ? `：${note}` : ''}`,
    /** When the department resolves: the dispatching staff are asked to rate its response. */
    askRating: (id: number, department: string, result: string) =>
      `编号 ${id} ${department}已办结：${result}\n请评价部门响应：#评价 ${id} 满意/基本满意/不满意 [意见]`,
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
    line: (id: number, grid: string, category: Category, urgent: boolean, state: CaseState, owner: string, late: string, mark: string) =>
      [
        `编号 ${id}`,
        grid,
        CATEGORY_LABELS[category],
        ...(urgent ? ['紧急'] : []),
        CASE_STATE_LABELS[state],
        `承办：${owner}`,
        ...(late ? [late] : []),
        ...(mark ? [mark] : []),
      ].join('｜'),
    more: (n: number) => `还有 ${n} 件`,
    late: (minutes: number) => `超期${formatDuration(minutes)}`,
  },

  /**
   * What the ladder says. It only tells and urges: the owner is reminded, the level above is told (催办), and past
   * twice the resolve deadline the street too (督办). One message per recipient and tick, listing the cases.
   */
  ladder: {
    /** One case, to its owner. */
    warn: (id: number, clock: ClockName, leftMinutes: number) =>
      `提醒：编号 ${id} ${CLOCK_LABELS[clock]}时限还剩${formatDuration(leftMinutes)}\n请尽快处理：${actCommand(clock, id)}`,
    overdue: (id: number, clock: ClockName, lateMinutes: number, told: string[]) =>
      `编号 ${id} ${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}${told.length ? `，已通知${told.join('、')}` : ''}\n请尽快处理：${actCommand(clock, id)}`,
    /** Several cases, to their owner. */
    ownerHeader: (n: number) => `你有 ${n} 件案件要处理：`,
    ownerWarn: (id: number, clock: ClockName, leftMinutes: number) =>
      `编号 ${id} ${CLOCK_LABELS[clock]}还剩${formatDuration(leftMinutes)}，请 ${actCommand(clock, id)}`,
    ownerLate: (id: number, clock: ClockName, lateMinutes: number, told: string[]) =>
      `编号 ${id} ${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}${told.length ? `（已通知${told.join('、')}）` : ''}，请 ${actCommand(clock, id)}`,
    /** A staff group's message: a section per kind, one line per case. */
    urgeHeader: (n: number) => `【催办】${n} 件超期，已提醒承办人：`,
    superviseHeader: (n: number) => `【督办】${n} 件办结超期一倍以上：`,
    ownHeader: (n: number) => `【本级承办】${n} 件要处理：`,
    caseLine: (id: number, grid: string, category: Category, urgent: boolean, clock: ClockName, lateMinutes: number, owner: string) =>
      `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}${urgent ? '｜紧急' : ''}｜${CLOCK_LABELS[clock]}超期${formatDuration(lateMinutes)}｜承办：${owner}`,
    urgeFooter: '请督促承办人，或 #指派 <编号> @某人、#派单 <编号> <部门>',
    eventWarned: (clock: ClockName) => `${CLOCK_LABELS[clock]}时限将到`,
    eventDue: (clock: ClockName, told: string[]) => `${CLOCK_LABELS[clock]}超期${told.length ? `，已通知${told.join('、')}催办` : ''}`,
    eventSupervised: (who: string) => `办结超期一倍，已通知${who}督办`,
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
