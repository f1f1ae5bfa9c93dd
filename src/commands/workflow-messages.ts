import { CASE_STATE_LABELS, CATEGORY_LABELS, LEVEL_LABELS, type CaseState, type Category } from '../domain/types.js'
import type { CaseAction } from '../domain/case-machine.js'

/** Every line of the case workflow (staff commands, the reporter's notices, ratings, statistics). */
export const wmsg = {
  actionLabels: {
    accept: '受理', assign: '指派', progress: '更新进展', resolve: '办结', return: '退回', hold: '挂起',
    resume: '恢复', reopen: '重开', rate: '评价', cancel: '撤销', closeUnrated: '关闭',
  } as Record<CaseAction, string>,
  refusedState: (id: number, state: CaseState, action: string) => `编号 ${id} ${CASE_STATE_LABELS[state]}，不能再${action}`,
  outOfScope: (id: number) => `编号 ${id} 不在你负责的范围内`,
  notReporter: (id: number) => `编号 ${id} 不是你报的事，无法操作`,
  staffOnlyHere: '请在工作群或私聊中查询',
  noMention: '请 @ 要指派的工作人员，例如 #指派 12 @李芳',
  notStaffInScope: (name: string, id: number) => `${name}不负责编号 ${id} 所在网格，不能指派`,

  accepted: (id: number) => `编号 ${id} 已受理`,
  assigned: (id: number, name: string) => `编号 ${id} 已指派给${name}`,
  progressed: (id: number) => `编号 ${id} 进展已记录`,
  resolved: (id: number) => `编号 ${id} 已办结，已请报事人评价`,
  returned: (id: number) => `编号 ${id} 已退回社区分派`,
  held: (id: number) => `编号 ${id} 已挂起，时限暂停`,
  resumed: (id: number) => `编号 ${id} 已恢复，时限继续`,
  reopened: (id: number) => `编号 ${id} 已重开`,

  toReporterAccepted: (id: number, handler: string) => `编号 ${id} 已受理，${handler}正在处理`,
  toReporterProgress: (id: number, text: string) => `编号 ${id} 有进展：${text}`,
  toReporterResolved: (id: number, result: string) =>
    `编号 ${id} 已办结：${result}\n请评价：回复“满意”“基本满意”“不满意”或 1-5 分，也可发 #评价 ${id} 满意`,
  toReporterReturned: (id: number) => `编号 ${id} 已转社区重新分派，请耐心等待`,
  toReporterReopened: (id: number) => `编号 ${id} 已重新处理`,
  toAssignee: (id: number, grid: string, category: Category, where: string, text: string, by: string) => [
    `编号 ${id} 已由${by}指派给你`, `${grid}｜${CATEGORY_LABELS[category]}`, `位置：${where || '未写明'}`, `内容：${text}`, `受理请发 #受理 ${id}`,
  ].join('\n'),
  toCommunityReturned: (id: number, grid: string, category: Category, who: string, reason: string) =>
    `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}\n${who}退回：${reason}\n请分派：#指派 ${id} @某人`,
  toStaffUnsatisfied: (id: number, grid: string, comment: string) =>
    `编号 ${id}｜${grid} 报事人不满意，已重开${comment ? '：' + comment : ''}`,

  rated: (id: number, label: string) => `编号 ${id} 评价：${label}，谢谢！`,
  ratedReopened: (id: number) => `编号 ${id} 已收到“不满意”，已重新交办，会尽快处理`,
  badRating: '用法：#评价 <编号> <满意/基本满意/不满意/1-5> [意见]',

  listHeader: (filter: string, total: number) => `${filter}案件 ${total} 件：`,
  listEmpty: (filter: string) => `没有${filter}案件`,
  listLine: (id: number, grid: string, category: Category, state: CaseState, late: string) =>
    `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}${late ? '｜' + late : ''}`,
  listMore: (n: number) => `还有 ${n} 件`,
  late: (minutes: number) => `超期${formatDuration(minutes)}`,
  badFilter: '用法：#案件 [未办结/超期/紧急/待受理/已办结/<类别>/<网格>/我的]',

  clockLine: (label: string, due: string, state: string) => `${label}：${due} 前${state ? '，' + state : ''}`,
  clockDone: '已完成',
  clockLate: (lateMinutes: number) => `已超期${formatDuration(lateMinutes)}`,
  clockLeft: (leftMinutes: number) => `还剩${formatDuration(leftMinutes)}`,
  clockPaused: '已挂起',
  statsHeader: (period: string, from: string, to: string) => `统计（${period} ${from} 至 ${to}）`,
  statsCounts: (name: string, n: { created: number; open: number; overdue: number; resolved: number; closed: number }) =>
    `${name}：新增 ${n.created}｜未办结 ${n.open}｜超期 ${n.overdue}｜办结 ${n.resolved}｜关闭 ${n.closed}`,
  statsRates: (respond: string, resolve: string, satisfy: string) => `响应率 ${respond} 解决率 ${resolve} 满意率 ${satisfy}`,
  statsLevels: (counts: number[]) => `办结层级：${counts.map((n, i) => `${LEVEL_LABELS[i]} ${n}`).join('｜')}`,
  rate: (num: number, den: number) => (den === 0 ? '—' : `${Math.round((num / den) * 100)}%（${num}/${den}）`),
  badPeriod: '用法：#统计 [今日/本周/本月]',
  statsEmpty: '你负责的范围内还没有案件',
}

/** 3小时20分 / 2天3小时 / 45分钟 */
export function formatDuration(minutes: number): string {
  const m = Math.max(1, Math.round(minutes))
  if (m < 60) return `${m}分钟`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}小时${m % 60 ? (m % 60) + '分' : ''}`
  const d = Math.floor(h / 24)
  return `${d}天${h % 24 ? (h % 24) + '小时' : ''}`
}
