const NAMES_PER_LINE = 5

/** Names five to a line, so a long list splits cleanly into messages. */
function nameLines(names: string[]): string[] {
  const lines: string[] = []
  for (let i = 0; i < names.length; i += NAMES_PER_LINE) lines.push(names.slice(i, i + NAMES_PER_LINE).join('、'))
  return lines
}

/** The first words of a notice, for a reminder. */
function gist(text: string): string {
  const line = text.split('\n')[0]!.trim()
  return line.length > 30 ? `${line.slice(0, 30)}…` : line
}

/** Every line the bot says about notices, keyed by command or event. */
export const noticeText = {
  notice: {
    words: { name: '通知', aliases: ['notice'] },
    summary: '发通知，自动提醒未回复的居民',
    args: { text: '内容' },
    usageNote: '（工作群：#通知 4号网格,5号网格 <内容>，或 #通知 全部网格 <内容>）',
  },
  acks: { words: { name: '回执', aliases: ['acks'] }, summary: '谁确认了、谁还没有' },
  remind: { words: { name: '提醒', aliases: ['remind'] }, summary: '马上提醒未确认的居民' },
  ackFor: {
    words: { name: '代确认', aliases: ['ack-for'] },
    summary: '替当面或电话告知的居民确认',
    args: { who: '@成员…' },
    usageNote: '（私聊可写姓名、房号或上门名单的序号，如 #代确认 2 1 3）',
  },
  close: { words: { name: '结束通知', aliases: ['close-notice'] }, summary: '停止提醒并汇总回执' },
  /** A staff group's #通知 names its grids: "4号网格,5号网格" or 全部网格. */
  targets: /^(全部网格|所有网格|[^\s,，、]+(?:[,，、]\s*[^\s,，、]+)*)\s+([\s\S]+)$/,
  allGrids: /^(全部|所有)网格$/,
  gridName: /网格$/,
  gridSeparator: /[,，、]\s*/,
  quotedNumber: /通知编号\s*(\d+)/,
  quotedCommand: /^[#＃/]\s*(通知|notice)\s*/i,
  notInGridOrStaffGroup: '请在网格群或工作群里发通知',
  /** What commonText.tooLong calls a notice. */
  what: '通知',
  noGridGroupsHere: '本工作群所属社区还没有绑定网格群',
  unknownGrids: (names: string[]) => `没有找到网格：${names.join('、')}`,
  gridsWithoutGroup: (names: string[]) => `${names.join('、')} 还没有绑定网格群`,
  notYourGrid: (grid: string) => `你不是${grid}的网格长或工作人员，不能在那里发通知`,

  /** What the grid group sees: the notice with its number, deadline and how to acknowledge. */
  post: (id: number, text: string, deadline: string | null) =>
    [`【通知编号 ${id}】`, text, ...(deadline ? [`截止：${deadline}`] : []), '请回复"收到"确认（或引用本条回复）'].join('\n'),
  /** The author's confirmation. */
  posted: (id: number, grids: string[], recipients: number, deadline: string | null, closeAt: string, plan: string[] = []) =>
    [
      // A district's 800 grids would fill two screens: the first ten and how many.
      `通知编号 ${id} 已发到${grids.length > 10 ? `${grids.slice(0, 10).join('、')} 等 ${grids.length} 个网格` : grids.join('、')}`,
      ...plan,
      `需确认 ${recipients} 人`,
      deadline ? `截止：${deadline}` : `未写截止时间，${closeAt}汇总`,
      `查看回执：#回执 ${id}`,
    ].join('\n'),

  /** A notice to several groups: when the last group will have it. */
  plan: (groups: number, accounts: number, at: string) => `共 ${groups} 个网格群，${accounts} 个账号发送，预计 ${at} 全部发出`,
  pastDeadline: (deadline: string) => `注意：发完已过截止时间 ${deadline}`,
  /** To the author: a reminder round of a large notice cannot all go out before the deadline. */
  roundPastDeadline: (id: number, groups: number, accounts: number, at: string, deadline: string) =>
    `通知编号 ${id} 的提醒共 ${groups} 个群，${accounts} 个账号发送，预计 ${at} 才能发完，晚于截止时间 ${deadline}`,

  roundText: (id: number, text: string, deadline: string | null) =>
    [`【通知编号 ${id}】还没确认的请回复"收到"`, gist(text), ...(deadline ? [`截止：${deadline}`] : [])].join('\n'),

  receipt: (id: number, acked: number, total: number, state: string, pendingByGrid: { grid: string; names: string[] }[]) => {
    const pending = pendingByGrid.reduce((n, g) => n + g.names.length, 0)
    return [
      `通知编号 ${id} 已确认 ${acked}/${total}`,
      state,
      ...(pending === 0
        ? ['全部已确认']
        : [
            `未确认 ${pending} 人：`,
            ...pendingByGrid.flatMap((g) => [...(pendingByGrid.length > 1 ? [`${g.grid}：`] : []), ...nameLines(g.names)]),
          ]),
    ].join('\n')
  },
  stateOpen: (deadline: string | null, rounds: number) =>
    `${deadline ? `截止 ${deadline}` : '未写截止时间'}，进行中${rounds ? `，已自动提醒 ${rounds} 次` : ''}`,
  stateClosed: (deadline: string | null) => (deadline ? `截止 ${deadline}，已结束` : '已结束'),
  /** Put before the receipt, whose first line names the notice: the number is said once. */
  summaryTitle: '【回执汇总】',
  allAcked: (id: number, total: number) => `通知编号 ${id} 已全部确认（${total}/${total}），不再提醒`,
  /** The worker's list for door-knocking: numbered lines, so #代确认 can name them by number. */
  doorList: (id: number, grid: string, lines: { no: number; name: string }[]) =>
    [
      `通知编号 ${id} ${grid} 未确认 ${lines.length} 人，请上门或电话告知：`,
      ...lines.map((l) => `${l.no}. ${l.name}`),
      `告知后发 #代确认 ${id} 加序号，如 #代确认 ${id} ${lines
        .slice(0, 2)
        .map((l) => l.no)
        .join(' ')}（也可写姓名或房号）`,
    ].join('\n'),

  /** A bare 1 that could answer an open notice or rate a just-resolved case. */
  ackOrRating: (noticeId: number, caseId: number, word: string) =>
    `是确认通知编号 ${noticeId}，还是给编号 ${caseId} 评 ${word} 分？确认请回复“收到”，评价请发 #评价 ${caseId} ${word}`,
  noNotices: '还没有通知',
  noSuchNotice: (id: number) => `没有编号 ${id} 的通知`,
  notYourNotice: (id: number) => `通知编号 ${id} 不是你发的，也不在你负责的网格`,
  closedAlready: (id: number) => `通知编号 ${id} 已结束，不再提醒`,
  nobodyPending: (id: number) => `通知编号 ${id} 已全部确认，无需提醒`,
  remindTooSoon: (id: number, minutes: number) => `通知编号 ${id} 刚提醒过，请 ${minutes} 分钟后再试`,
  reminded: (id: number, count: number) => `通知编号 ${id} 已提醒未确认的 ${count} 人`,
  closedByCommand: (id: number) => `通知编号 ${id} 已结束，不再提醒，回执已汇总`,
  ackedFor: (id: number, count: number, acked: number, total: number, notListed: string[]) =>
    [`通知编号 ${id} 已代确认 ${count} 人，已确认 ${acked}/${total}`, ...(notListed.length ? [noticeText.notListed(notListed)] : [])].join(
      '\n',
    ),
  notListed: (words: string[]) => `不在确认名单：${words.join('、')}`,
  /** A name (or room) #代确认 cannot tell apart: one line asking which. */
  whichMember: (word: string, names: string[], hasDoorList: boolean) =>
    `“${word}”有 ${names.length} 人：${names.join('、')}，请写房号${hasDoorList ? '或上门名单的序号' : ''}`,
}
