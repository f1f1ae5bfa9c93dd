import { maskForGroup } from '../domain/privacy.js'
import type { Role } from '../domain/types.js'
import { ROLE_LABELS } from './labels.js'

/** Lines every command shares: usage, unknown words, roles, limits, errors, #帮助. */
export const commonText = {
  /** What the one account is called (doctor, #名单) when only WECHATY_PUPPET_SERVICE_TOKEN is set. */
  singleAccountName: '小助手',
  usage: (usage: string) => `用法：${usage}`,
  /** How the usage line names the arguments every command shares. */
  args: { caseNumber: '编号', noticeNumber: '通知编号' },
  /** The word is masked before it is cut to 12 characters, so a cut cannot defeat the mask. */
  unknownCommand: (word: string) => `没有“${maskForGroup(word).slice(0, 12)}”这个命令，发送 #帮助 查看可用命令`,
  roleRequired: (role: Role) => (role === 'admin' ? '该命令仅限管理员使用' : `该命令仅限${ROLE_LABELS[role]}及以上使用`),
  groupOnly: '请在群里发送这个命令',
  internalError: '系统繁忙，刚才的消息没有处理成功，请稍后再发一次',
  /** Said once when a member passes the command budget; then nothing until the minute is over. */
  tooFrequent: '操作太频繁，请稍后再试',
  /** The database cannot write (a full disk): what the sender and the admins' staff groups hear, sent without it. */
  storage: {
    toSender: '系统暂时无法登记，请稍后再发',
    down: (limit: number) =>
      `【系统告警】数据库暂时无法写入（磁盘已满或读写出错），新消息先暂存在内存中（最多 ${limit} 条），发消息的人已收到“请稍后再发”。请尽快检查服务器磁盘（gridbot doctor）。`,
    recovered: (kept: number, dropped: number) =>
      `【系统恢复】数据库已恢复写入，暂存的 ${kept} 条消息已按顺序补登并回复${dropped ? `；另有 ${dropped} 条因暂存已满没有保存，需要发消息的人重新发送` : ''}`,
  },
  /** A text over a limit: `what` is 内容 or 通知. */
  tooLong: (max: number, what = '内容') => `${what}太长了，请控制在${max}字以内`,
  /** Lists and details with residents' names are for staff groups and private chat. */
  staffOnlyHere: '请在工作群或私聊中查询',
  help: {
    words: { name: '帮助', aliases: ['help', '菜单'] },
    summary: '查看可用命令',
    reply: (role: Role, lines: string[]) => [`你的身份：${ROLE_LABELS[role]}，可用命令：`, ...lines].join('\n'),
  },
}
