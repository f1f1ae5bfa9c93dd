import { LEVEL_LABELS } from './labels.js'

/** The lines of #统计 (and `gridbot stats`). */
export const statsText = {
  words: { name: '统计', aliases: ['stats'] },
  summary: '新增、未办结、超期和三率',
  args: { period: '今日/本周/本月' },
  /** The periods #统计 takes. */
  periods: { 今日: 'day', 今天: 'day', 本周: 'week', 本月: 'month' } as Record<string, 'day' | 'week' | 'month'>,
  defaultPeriod: '本月',
  header: (period: string, from: string, to: string) => `统计（${period} ${from} 至 ${to}）`,
  counts: (name: string, n: { created: number; open: number; overdue: number; resolved: number; closed: number }) =>
    `${name}：新增 ${n.created}｜未办结 ${n.open}｜超期 ${n.overdue}｜办结 ${n.resolved}｜关闭 ${n.closed}`,
  rates: (respond: string, resolve: string, satisfy: string) => `响应率 ${respond} 解决率 ${resolve} 满意率 ${satisfy}`,
  levels: (counts: number[]) => `办结层级：${counts.map((n, i) => `${LEVEL_LABELS[i]} ${n}`).join('｜')}`,
  rate: (num: number, den: number) => (den === 0 ? '—' : `${Math.round((num / den) * 100)}%（${num}/${den}）`),
  empty: '你负责的范围内还没有案件',
}
