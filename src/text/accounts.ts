/** What staff are told when one of the bot's WeChat accounts fails or recovers, and the probe it sends itself. */
export const accountsText = {
  /** To each community's staff group when an account that serves it becomes unhealthy. */
  offline: (account: string, standIn: string) => `${account} 已离线，本社区消息暂由${standIn} 发送`,
  offlineNobody: (account: string, groups: number) => `${account} 已离线，本社区有 ${groups} 个群暂无其他账号可发，消息等它恢复后发出`,
  /** Some groups are carried, others wait. */
  offlineSome: (account: string, standIn: string, groups: number) =>
    `${account} 已离线，本社区消息暂由${standIn} 发送；另有 ${groups} 个群暂无其他账号可发，消息等它恢复后发出`,
  recovered: (account: string) => `${account} 已恢复，本社区消息改回由${account} 发送`,
  /** The health probe: a message to the account itself (or the staff member GRIDBOT_PROBE_TO names). */
  probe: (account: string) => `【自检】${account} 发送正常`,
}
