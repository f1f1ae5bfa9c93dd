import { CATEGORY_LABELS, LEVEL_LABELS, type Category } from '../domain/types.js'
import type { ClockName } from '../domain/ladder.js'
import { formatDuration } from '../commands/workflow-messages.js'

export const CLOCK_LABELS: Record<ClockName, string> = { signFor: '签收', respond: '响应', resolve: '办结' }

/** The command that stops each clock. */
export function actCommand(clock: ClockName, id: number): string {
  return clock === 'signFor' ? `#受理 ${id}` : clock === 'respond' ? `#进展 ${id} <内容>` : `#办结 ${id} <结果>`
}

/** Every line the rules say. */
export const rmsg = {
  warn: (id: number, clock: ClockName, leftMinutes: number) =>
    `提醒：编号 ${id} ${CLOCK_LABELS[clock]}时限还剩${formatDuration(leftMinutes)}\n请尽快处理：${actCommand(clock, id)}`,
  overdueToHandler: (id: number, clock: ClockName, lateMinutes: number, level: number) =>
    `编号 ${id} ${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}${level > 0 ? `，已上报${LEVEL_LABELS[level]}` : ''}\n请尽快处理：${actCommand(clock, id)}`,
  escalation: (id: number, grid: string, category: Category, where: string, clock: ClockName, lateMinutes: number, handler: string | null, urgent: boolean) => [
    `${urgent ? '【紧急】' : ''}【超期升级】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
    `位置：${where || '未写明'}`,
    `${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}，处理人：${handler ?? '待分派'}`,
    `请处理：${actCommand(clock, id)} 或 #指派 ${id} @某人`,
  ].join('\n'),
  dailyToStaff: (id: number, grid: string, category: Category, clock: ClockName, lateMinutes: number, handler: string | null) =>
    `【仍超期】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}\n${CLOCK_LABELS[clock]}已超期${formatDuration(lateMinutes)}，处理人：${handler ?? '待分派'}`,
  closedUnrated: '未评价（回访期满自动关闭）',
  eventWarned: (clock: ClockName) => `${CLOCK_LABELS[clock]}时限将到`,
  eventEscalated: (clock: ClockName, level: number) => `${CLOCK_LABELS[clock]}超期，升至${LEVEL_LABELS[level]}`,
  eventReminded: (clock: ClockName) => `${CLOCK_LABELS[clock]}仍超期`,
  digestHeader: (scope: string, date: string) => `${scope}日报（${date}）`,
  digestLine: (grid: string, n: { created: number; open: number; overdue: number; closed: number }) =>
    `${grid}：新增 ${n.created}｜未办结 ${n.open}｜超期 ${n.overdue}｜关闭 ${n.closed}`,
  digestOldest: '超期最久：',
  digestOldestLine: (id: number, grid: string, category: Category, lateMinutes: number) =>
    `编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}｜超期${formatDuration(lateMinutes)}`,
  digestNone: '今日无超期案件',
}
