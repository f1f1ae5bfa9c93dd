import { maskForGroup } from '../domain/privacy.js'
import { CASE_STATE_LABELS, CATEGORY_LABELS, ROLE_LABELS, type CaseEventKind, type CaseState, type Category, type Role } from '../domain/types.js'

/** Every line the bot says about intake and the directory, in one place. */
export const msg = {
  usage: (usage: string) => `用法：${usage}`,
  // Masked before the cut to 12 characters: a cut phone number would no longer look like one to the group mask.
  unknownCommand: (word: string) => `没有“${maskForGroup(word).slice(0, 12)}”这个命令，发送 #帮助 查看可用命令`,
  roleRequired: (role: Role) => (role === 'admin' ? '该命令仅限管理员使用' : `该命令仅限${ROLE_LABELS[role]}及以上使用`),
  groupOnly: '请在群里发送这个命令',
  internalError: '系统繁忙，刚才的消息没有处理成功，请稍后再发一次',
  tooLong: (max: number) => `内容太长了，请控制在${max}字以内`,

  notAGridGroup: '本群还没有绑定网格，请管理员发送 #绑定网格 <社区> <网格>',
  reportInGridGroup: '请在你所在的网格群里报事',
  askToRegister: '要登记为报事吗？回复"是"登记',
  caseFiled: (id: number, category: Category, where: string, handler: string | null, photos: number) => [
    `编号 ${id} 已登记`,
    `类别：${CATEGORY_LABELS[category]}`,
    `位置：${where || '未写明，可发 #补充 ' + id + ' 位置'}`,
    handler ? `已转${handler}处理` : '已转社区工作人员分派',
    ...(photos > 0 ? [`已附照片 ${photos} 张`] : []),
  ].join('\n'),
  urgentSuffix: '属紧急情况，已同时通知社区',
  newCaseForHandler: (id: number, urgent: boolean, category: Category, grid: string, where: string, reporter: string, text: string) => [
    `${urgent ? '【紧急】' : ''}新案件 编号 ${id}`,
    `${grid}｜${CATEGORY_LABELS[category]}`,
    `位置：${where || '未写明'}`,
    `报事人：${reporter}`,
    `内容：${text}`,
    `受理请发 #受理 ${id}`,
  ].join('\n'),
  urgentForCommunity: (id: number, category: Category, grid: string, where: string, handler: string | null, text: string) => [
    `【紧急】编号 ${id}｜${grid}｜${CATEGORY_LABELS[category]}`,
    `位置：${where || '未写明'}`,
    `内容：${text}`,
    handler ? `已转网格员${handler}` : '本网格没有网格员，请社区分派：#指派 ' + id + ' @某人',
  ].join('\n'),
  photoAttached: (id: number) => `照片已附到编号 ${id}`,

  noSuchCase: (id: number) => `没有编号 ${id} 的案件`,
  notYourCase: (id: number) => `编号 ${id} 不是你报的事，无法操作`,
  caseClosed: (id: number, state: CaseState) => `编号 ${id} ${CASE_STATE_LABELS[state]}，不能再补充或撤销`,
  added: (id: number) => `编号 ${id} 已补充`,
  addedForHandler: (id: number, who: string, text: string) => `编号 ${id} ${who}补充：${text}`,
  cancelled: (id: number) => `编号 ${id} 已撤销`,
  cancelledForHandler: (id: number, who: string, reason: string) => `编号 ${id} 已由${who}撤销${reason ? '：' + reason : ''}`,
  noCases: '你还没有报过事。报事请发 #报事 <描述>',
  myCasesHeader: (total: number, shown: number) => (total > shown ? `你的报事（最近 ${shown} 件，共 ${total} 件）：` : `你的报事（共 ${total} 件）：`),
  myCaseLine: (id: number, category: Category, state: CaseState, when: string) =>
    `编号 ${id}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}｜${when}`,
  caseInGroup: (id: number, category: Category, state: CaseState) =>
    `编号 ${id}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}\n详情请私聊我发送 #查询 ${id}`,
  caseDetail: (id: number, category: Category, state: CaseState, where: string, handler: string | null, text: string, rating: string | null, clocks: string[]) => [
    `编号 ${id}｜${CATEGORY_LABELS[category]}｜${CASE_STATE_LABELS[state]}`,
    `位置：${where || '未写明'}`,
    `处理人：${handler ?? '待分派'}`,
    `内容：${text}`,
    ...(rating ? [`评价：${rating}`] : state === 'closed' ? ['评价：未评价'] : []),
    ...clocks,
    '进度：',
  ].join('\n'),
  eventLine: (when: string, label: string, text: string) => `${when} ${label}${text ? '：' + text : ''}`,
  eventLabels: {
    reported: '登记', assigned: '指派', note: '补充', attachment: '附照片', cancelled: '撤销', notified: '通知', accepted: '受理',
    progress: '进展', resolved: '办结', returned: '退回', held: '挂起', resumed: '恢复', reopened: '重开', rated: '评价', closed: '关闭',
    warned: '提醒', reminded: '催办', escalated: '升级',
  } satisfies Record<CaseEventKind, string>,

  help: (role: Role, lines: string[]) => [`你的身份：${ROLE_LABELS[role]}，可用命令：`, ...lines].join('\n'),

  bound: (street: string | null, community: string, grid: string) => `已绑定：${street ? street + ' ' : ''}${community} ${grid}\n本群居民可发 #报事 <描述> 报事`,
  staffBound: (name: string) => `本群已成为${name}工作群，将收到该级的紧急案件和升级提醒`,
  badStaffName: '名称需以社区、村、街道、镇或乡结尾，例如 #绑定工作群 阳光社区',
  unbound: '本群已解绑，不再作为网格群或工作群',
  notBound: '本群尚未绑定',
  noMentions: '请 @ 要设置的成员，例如 #设置 @张三 网格员',
  roleSet: (names: string[], role: Role) => `已将 ${names.join('、')} 设为${ROLE_LABELS[role]}`,
  roleNeedsGrid: (role: Role) => `${ROLE_LABELS[role]}请在网格群里设置`,
  roleNeedsStreet: '本社区还没有所属街道，请先在网格群发 #绑定网格 <街道> <社区> <网格>',
  rosterHeader: (topic: string) => `${topic || '本群'}名单：`,
  rosterLine: (role: Role, names: string[]) => `${ROLE_LABELS[role]}：${names.join('、')}`,
  rosterResidents: (n: number) => `居民 ${n} 人`,
}

export const ROLE_WORDS: Record<string, Role> = {
  居民: 'resident', 网格长: 'leader', 楼长: 'leader', 网格员: 'worker', 社区: 'community',
  街道: 'street', 管理员: 'admin',
}
