/** What the sandbox says: in the terminal, and the console's replies. */
export const sandboxText = {
  /** The sandbox's own lines in the terminal. */
  consoleReady: (url: string) => `\n沙盒控制台：${url}\n（用浏览器打开：看各群聊天、以任意成员身份发言、看案件和通知、拨快时钟）\n\n`,
  portBusy: (port: number) => `\n沙盒控制台未启动：端口 ${port} 已被占用。可设置 GRIDBOT_SANDBOX_PORT=0（任意空闲端口）或换一个端口\n\n`,
  consoleFailed: (why: string) => `\n沙盒控制台未启动：${why}\n\n`,
  /** The terminal transcript and the terminal composer (`name: text`, `name@2: text`). */
  terminal: {
    privateChat: (name: string) => `私聊 → ${name}`,
    image: '[图片]',
    hint: '沙盒：输入 “张三: #报事 3号楼楼道灯不亮” 以居民身份发言；“刘洋@2: …” 在2号网格群；“刘社工@0: …” 在社区工作群；“孙科长@街道: …” 在街道工作群；“张队长@部门: …” 在城管中队群',
    /** A typed line: the member's name or nickname, the group (a number, 0 the staff group; 街道; 部门), the text. */
    line: /^\s*([^:：@]+?)(?:@(\d|街道|部门))?\s*[:：]\s*(.+)$/,
    noMember: (name: string) => `没有成员“${name}”`,
    /** What names a group after the @ besides its number. */
    streetRoom: '街道',
    departmentRoom: '部门',
  },
  /** The console: its page, its boards and the errors of its API. */
  console: {
    /** A member in the composer's picker: the nickname, and the role unless the nickname already says it. */
    memberLabel: (nick: string, role: string) => (nick.includes(role) ? nick : `${nick}（${role}）`),
    photoLoopbackOnly: '照片只在本机的控制台显示',
    /** A quote-reply as WeChat delivers it (what parse/quote.ts reads); `quoted` null for a picture. */
    quote: (name: string, quoted: string | null, reply: string) =>
      `「${name}：${quoted ?? '图片'}」\n- - - - - - - - - - - - - - -\n${reply}`,
    needsToken: '需要 GRIDBOT_SANDBOX_TOKEN：在地址后加 ?token=…',
    noImage: '没有这张图片',
    noMember: '没有这个成员',
    notInGroup: '该成员不在这个群',
    badImage: '图片格式不支持',
    emptyText: '请输入内容',
    badStep: '只能前进 30m、1h 或 1d',
    notFound: '没有这个地址',
    badRequest: '请求有误',
    /**
     * Everything the page shows (console/index.html): `{{key}}` in its markup, `T.key` in its script, where `{name}`
     * placeholders are filled in.
     */
    page: {
      title: '居民小助手 · 沙盒',
      clockLabel: '沙盒时间',
      advance30m: '+30分钟',
      advance1h: '+1小时',
      advance1d: '+1天',
      hint: '模拟社区，不需要微信号。选一个成员，以他的身份发言。',
      speaker: '发言人',
      image: '发图片',
      placeholder: '输入消息，例如：#报事 3号楼楼道灯不亮（Ctrl+Enter 发送）',
      send: '发送',
      openPrivate: '私聊小助手',
      composerHint: '@成员：写 @名字；以 @小助手 开头也可以报事；私聊小助手：以所选成员的身份和小助手私聊',
      paneChats: '会话',
      paneChat: '聊天',
      paneCases: '案件',
      paneNotices: '通知',
      convsHeading: '群聊与私聊',
      kindGrid: '网格群',
      kindStaff: '工作群',
      kindDepartment: '部门群',
      kindUnbound: '未绑定',
      privateTitle: '私聊 · {name}',
      privateSub: '与小助手',
      noMessages: '还没有消息',
      noPrivateMessages: '还没有消息。以 {name} 的身份给小助手发消息，例如 #查询 1',
      quote: '引用',
      quoting: '引用 {name}：{text} ✕',
      picture: '图片',
      error: '出错了',
      caseHead: '编号 {id} · {state}',
      urgent: '紧急',
      late: ' 超期 {time}',
      caseLine: '{grid} · {category} · ',
      owner: '承办：{owner}',
      photos: '照片 {count} 张',
      photosPending: '（{count} 张还在接收）',
      photosElsewhere: '（只在本机的控制台显示）',
      photoAlt: '编号 {id} 的照片',
      noCases: '还没有案件',
      noticeHead: '通知编号 {id} · 已确认 ',
      closed: '已结束',
      deadline: ' · 截止 {deadline}',
      rounds: ' · 已自动提醒 {count} 次',
      noNotices: '还没有通知。网格长可在网格群发 #通知 …',
      days: '{d}天{h}小时',
      hours: '{h}小时{m}分',
      minutes: '{m}分钟',
    },
  },
}
