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
  /** The console's boards and the errors of its API. */
  console: {
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
  },
}
