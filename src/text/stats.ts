import { formatDuration } from './cases.js'
import { LEVEL_LABELS } from './labels.js'

/** The lines of #统计 (and `gridbot stats`). */
export const statsText = {
  words: { name: '统计', aliases: ['stats'] },
  summary: '新增、办结、未办结、三率、办结层级和部门响应',
  args: { period: '今日/本周/本月' },
  /** The periods #统计 takes. */
  periods: { 今日: 'day', 今天: 'day', 本周: 'week', 本月: 'month' } as Record<string, 'day' | 'week' | 'month'>,
  defaultPeriod: '本月',
  header: (period: string, from: string, to: string) => `统计（${period} ${from} 至 ${to}）`,
  /** 办结 and 关闭 are of the period (关闭 a part of 办结); 未办结 and 超期 are now (超期 a part of 未办结). */
  counts: (name: string, n: { created: number; open: number; overdue: number; resolved: number; closed: number }) =>
    `${name}：新增 ${n.created}｜办结 ${n.resolved}（其中关闭 ${n.closed}）｜未办结 ${n.open}（其中超期 ${n.overdue}）`,
  rates: (respond: string, resolve: string, satisfy: string) => `响应率 ${respond} 解决率 ${resolve} 满意率 ${satisfy}`,
  levels: (counts: number[], byDepartment: number) =>
    `办结层级：${counts.map((n, i) => `${LEVEL_LABELS[i]} ${n}`).join('｜')}${byDepartment ? `（其中部门办结 ${byDepartment}，计入派单的一级）` : ''}`,
  rate: (num: number, den: number) => (den === 0 ? '—' : `${Math.round((num / den) * 100)}%（${num}/${den}）`),
  departments: '部门（期间收到的派单）：',
  department: (
    name: string,
    n: { received: number; median: number | null; respond: string; resolve: string; staff: string; residents: string },
  ) =>
    `${name}：收到 ${n.received}｜响应用时中位 ${n.median === null ? '—' : formatDuration(n.median)}｜响应率 ${n.respond}｜解决率 ${n.resolve}｜社区满意率 ${n.staff}｜居民满意率 ${n.residents}`,
  /** What the numbers mean, so they add up. */
  legend: [
    '说明：新增＝期间登记的；办结＝期间办结的，其中关闭＝已评价或回访期满；未办结、超期＝现在的，含以前登记的',
    '响应率＝按时签收/应签收；解决率＝已办结/已到期或已办结；满意率＝满意和基本满意/已评价；办结层级＝办结时的承办层级',
  ],
  empty: '你负责的范围内还没有案件',
}
