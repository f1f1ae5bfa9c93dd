/** What the sandbox prints in the terminal. */
export const sandboxText = {
  consoleReady: (url: string) => `\n沙盒控制台：${url}\n（用浏览器打开：看各群聊天、以任意成员身份发言、看案件和通知、拨快时钟）\n\n`,
  portBusy: (port: number) => `\n沙盒控制台未启动：端口 ${port} 已被占用。可设置 GRIDBOT_SANDBOX_PORT=0（任意空闲端口）或换一个端口\n\n`,
  consoleFailed: (why: string) => `\n沙盒控制台未启动：${why}\n\n`,
}
