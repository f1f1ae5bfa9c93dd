import type { Role } from '../domain/types.js'
import { formatDuration } from './cases.js'
import { directoryText } from './directory.js'

/** Every line the `gridbot` command line prints, keyed by command. */
export const cliText = {
  /** `gridbot doctor`: the names of the checks and what each says. */
  doctor: {
    names: {
      settings: '设置',
      database: '数据库',
      migrations: '迁移',
      wechat: '微信连接',
      timeZone: '时区',
      disk: '磁盘',
      backups: '备份',
      tableSizes: '表大小',
      write: '写入',
      organisation: '组织',
      account: '账号',
    },
    /** One account of several: what the bot last recorded of it. */
    account: (
      a: { name: string; standby: boolean; loggedIn: boolean; healthy: boolean; queued: number; groupsOwned: number; sentLastHour: number },
      lastSent: string | null,
    ) =>
      [
        `${a.name}${a.standby ? '（备用）' : ''}：${a.loggedIn ? '已登录' : '未登录'}${a.healthy ? '' : '，不健康（发送不出去），其群由其他账号代发'}`,
        `最近成功发送 ${lastSent ?? '无'}`,
        `待发 ${a.queued}`,
        `负责 ${a.groupsOwned} 个群`,
        `近 1 小时发送 ${a.sentLastHour} 条`,
      ].join('｜'),
    accountsWaiting: (n: number) => `${n} 条群消息没有账号可发（群里没有健康的本机账号），等待中：请把可用账号或备用账号拉进这些群`,
    accountEndpoint: (name: string, endpoint: string, ok: boolean) => `${name}：${endpoint} ${ok ? '可连接' : '连不上（3 秒内无响应）'}`,
    accountTokenOnly: (name: string) => `${name}：按 token 查找服务地址（未检测）`,
    orgOk: (communities: number, streets: number, departments: number) =>
      `社区 ${communities} 个、街道 ${streets} 个都有工作群${departments ? `；部门 ${departments} 个都有处理人和部门群` : ''}`,
    orgCommunities: (names: string[]) => `没有工作群的社区：${names.join('、')}（催办、上报和退回通知不到）`,
    orgStreets: (names: string[]) => `没有工作群的街道：${names.join('、')}（督办和上报通知不到）`,
    orgNoHandlers: (names: string[]) => `没有处理人的部门：${names.join('、')}（请在部门群发 #设置 @成员 部门）`,
    orgNoGroup: (names: string[]) => `没有部门群的部门：${names.join('、')}（不能派单）`,
    writeOk: '可以写入（写入测试已回滚，未改动数据）',
    writeFull: (freeKb: number) => `磁盘已满（可用 ${freeKb} KB）：新消息无法登记，请清理磁盘空间`,
    writeReadonly: (file: string, why: string) => `${file} 只读，无法写入：检查文件和所在文件夹的权限（${why}）`,
    writeBusy: (why: string) => `被占用：另一个进程长时间持有写锁（${why}）`,
    writeFailed: (why: string) => `无法写入：${why}`,
    /** One line of the doctor's screen, the name padded to four characters; `!` a warning. */
    line: (ok: boolean, name: string, detail: string, warn = false) => `${!ok ? '✗' : warn ? '!' : '✓'} ${name.padEnd(4, '　')} ${detail}`,
    settingsOk: (configFile: string | undefined) => `.env 与策略文件有效${configFile ? `（${configFile}）` : '（默认策略）'}`,
    dbMissing: (file: string) => `${file} 不存在：运行 gridbot migrate 创建`,
    dbOk: (file: string, sizeMb: string, integrity: string, n: { cases: number; notices: number; groups: number }) =>
      `${file}，${sizeMb} MB，完整性 ${integrity}，案件 ${n.cases}，通知 ${n.notices}，群 ${n.groups}`,
    dbUnreadable: (file: string, why: string) => `${file} 打不开：${why}`,
    migrationsPending: (applied: number, total: number, pending: string[]) =>
      `已应用 ${applied}/${total}，待应用：${pending.join('、')}（运行 gridbot migrate，或启动时自动应用）`,
    migrationsOk: (applied: number, total: number) => `已应用 ${applied}/${total}`,
    tableSizes: (inboundMessages: number, outbox: { queued: number; sent: number; failed: number }) =>
      `已处理消息 ${inboundMessages}，发件箱 待发 ${outbox.queued}、已发 ${outbox.sent}、失败 ${outbox.failed}`,
    noToken: '未设置 WECHATY_PUPPET_SERVICE_TOKEN 或 GRIDBOT_ACCOUNTS：npm start 运行沙盒',
    endpoint: (endpoint: string, ok: boolean) => `${endpoint} ${ok ? '可连接' : '连不上（3 秒内无响应）'}；token 已设置`,
    tokenOnly: 'token 已设置，启动时按 token 查找服务地址（未检测）',
    /** `lead`: how far a sandbox's clock is ahead of the real time (undefined: the database runs on the real clock). */
    timeZoneOk: (timeZone: string, now: string, lead?: number) =>
      `${timeZone}，现在 ${now}${lead === undefined ? '' : lead < 60_000 ? '（沙盒时钟）' : `（沙盒时钟，比实际时间快 ${formatDuration(lead / 60_000)}）`}`,
    timeZoneBad: (timeZone: string) => `不认识的时区 ${timeZone}`,
    diskFree: (dir: string, freeGb: number) => `${dir} 可用 ${freeGb.toFixed(1)} GB${freeGb < 1 ? '（不足 1 GB）' : ''}`,
    diskError: (dir: string, why: string) => `${dir}：${why}`,
    backups: (n: number, latest: string) => `${n} 份，最新 ${latest}`,
    noBackups: '还没有备份（每天 03:00 自动备份，或运行 gridbot backup）',
  },

  /** `gridbot export`: the column headers and cell words of the tables and the sheets' names. */
  export: {
    caseColumns: [
      '编号',
      '社区',
      '网格',
      '状态',
      '类别',
      '紧急',
      '报事人',
      '位置',
      '内容',
      '照片',
      '处理人',
      '承办层级',
      '报事时间',
      '受理时间',
      '办结时间',
      '办结结果',
      '办结时限',
      '办结超期（小时）',
      '评价',
    ],
    noticeColumns: ['通知编号', '网格', '成员', '是否确认', '确认时间', '方式', '回复内容', '代确认人', '已退群'],
    yes: '是',
    no: '否',
    caseSheet: '案件',
    elderSheet: (month: string) => `平安打卡${month}`,
    elderColumns: ['社区', '网格', '姓名', '房号', '报平安时间', '等级', '家属', '登记人', '登记时间', '状态'],
    elderTotals: ['按时', '迟报', '未报', '外出', '无法判断', '探访', '报社区'],
    dayColumn: (day: number) => `${day}日`,
    elderState: { active: '关爱中', stopped: '已取消' },
    /** A day's cell: the time of an on-time sign, or what happened. */
    dayCell: {
      late: (time: string) => `迟 ${time}`,
      missed: '未报',
      visited: '未报/已探访',
      away: '外出',
      unchecked: '无法判断',
    },
    noticeSheet: (id: string) => `通知${id}`,
  },

  /** `gridbot import`: what is wrong in a directory file, and the role words it takes. */
  importDirectory: {
    /** The role words a staff entry takes: those of #设置, without 居民. */
    roleWords: Object.fromEntries(Object.entries(directoryText.setRole.roleWords).filter(([, role]) => role !== 'resident')) as Record<
      string,
      Exclude<Role, 'resident'>
    >,
    atLine: (line: number, message: string) => `第 ${line} 行：${message}`,
    notYaml: (code: string) => `不是有效的 YAML（${code}）`,
    notList: '应为列表（每项以 - 开头）',
    notMap: '应为键值（name: …）',
    missing: (key: string) => `缺少 ${key}`,
    notText: (key: string) => `${key} 应为文字`,
    empty: (key: string) => `${key} 不能为空`,
    unknownKey: (key: string) => `不认识的键 ${key}（应为 streets、communities、departments、staff、elders）`,
    unknownRole: (word: string, words: string[]) => `不认识的角色 ${word}（应为 ${words.join('/')}）`,
    gridFormat: 'grid 应写成 “<社区> <网格>”，如 阳光社区 1号网格',
    noGrid: (community: string, grid: string) => `没有网格 ${community} ${grid}`,
    noCommunity: (name: string) => `没有社区 ${name}`,
    noStreet: (name: string) => `没有街道 ${name}`,
    noDepartment: (name: string) => `没有部门 ${name}`,
    badTime: (v: string) => `time 应写成 8:00，在 1:00 到 23:59 之间（不是 ${v}）`,
    badTier: (v: string) => `tier 应为 红、黄 或 蓝（不是 ${v}）`,
    elderSeveral: (who: string, list: string[]) => `${who} 有 ${list.length} 位：${list.join('、')}，请写上房号`,
    familySeveral: (name: string) => `家属 ${name} 有多位同名成员，请写上房号`,
    /** Who an imported elder's timeline names as having signed them up. */
    importedBy: 'gridbot import',
  },

  /** `gridbot <command>`: the help texts, the argument errors and what each command prints. */
  commands: {
    description: '居民小助手的日常工具',
    badSettings: (why: string) => `设置有误：${why}`,
    badDatabase: (why: string) => `数据库有误：${why}`,
    badDate: (flag: string, value: string) => `${flag} ${value} 不是有效的日期，应写成 2026-11-01`,
    backwards: (from: string, to: string) => `--from ${from} 晚于 --to ${to}：开始日期不能晚于结束日期`,
    badState: (labels: string[]) => `状态应为 ${labels.join('/')}`,
    badFormat: '格式应为 csv 或 xlsx',
    exported: (rows: number, file: string) => `已导出 ${rows} 行到 ${file}`,
    migrate: {
      description: '创建数据库或应用待执行的迁移',
      done: (file: string, applied: number, total: number) => `${file}：已应用迁移 ${applied}/${total}`,
    },
    import: {
      argument: '街道、社区、网格（含群名）和工作人员',
      description: '导入组织架构（可重复导入）',
      unreadable: (file: string) => `读不到文件 ${file}`,
      done: (r: { streets: number; communities: number; grids: number; departments: number; groupsBound: number; roles: number }) =>
        `已导入：街道 ${r.streets}，社区 ${r.communities}，网格 ${r.grids}，${r.departments ? `部门 ${r.departments}，` : ''}绑定群 ${r.groupsBound}，工作人员 ${r.roles}`,
      unseen: (topics: string[]) => `机器人还没见过这些群（入群后再导入一次即可绑定）：${topics.join('、')}`,
      elders: (n: number) => `，关爱老人 ${n}`,
      eldersUnseen: (who: string[]) => `网格群里还没找到这些老人或家属（机器人入群、成员在群里后再导入一次）：${who.join('、')}`,
      failed: (file: string, why: string) => `${file} ${why}，未导入任何内容`,
    },
    export: {
      description: '导出案件、通知回执或关爱老人的平安打卡',
      format: '格式',
      out: '写到文件（csv 默认输出到屏幕）',
      cases: {
        description: '导出案件',
        from: '开始日期（含）',
        to: '结束日期（含）',
        gridFlag: '--grid <网格>',
        grid: '只导出一个网格，如 1号网格 或 阳光社区1号网格',
        stateFlag: '--state <状态>',
        state: '只导出一种状态，如 已办结',
      },
      elders: {
        description: '导出关爱老人名单和一个月的平安打卡（每天一列）',
        month: '月份，如 2026-11（默认本月）',
        badMonth: '月份应写成 2026-11',
      },
      notice: {
        argument: '<通知编号>',
        description: '导出一条通知的回执',
        badId: '通知编号应为数字',
        missing: (id: string) => `没有编号 ${id} 的通知`,
      },
    },
    train: {
      description: '用语料的训练部分和所有改类记录重新训练类别模型（运行中的机器人一分钟内自动载入）',
      out: '模型文件（默认：数据目录下的 category-model.json）',
      corpusOnly: '只用语料，不读数据库里的改类记录（生成仓库自带的模型）',
      done: (file: string, examples: number, corrections: number, seconds: string) =>
        `已写入 ${file}：训练样本 ${examples} 条（含改类 ${corrections} 条），用时 ${seconds} 秒`,
      crossCheck: (line: string) => `交叉验证（训练集内）：${line}`,
      reload: '运行中的机器人一分钟内自动载入新模型，无需重启',
    },
    eval: {
      description: '用语料的评测部分（从不用于训练）检验当前模型',
      model: '模型文件（默认：数据目录下训练出的模型，没有则用仓库自带的）',
      using: (file: string, trainedAt: string, examples: number) => `模型 ${file}（训练于 ${trainedAt}，样本 ${examples} 条）`,
      badModel: (file: string, why: string) => `模型文件 ${file} 不可用：${why}`,
    },
    who: {
      description: '列出群里叫这个名字的成员的微信 id（GRIDBOT_ADMINS 只认 id）',
      argument: '群昵称或名字',
      line: (id: string, nickname: string, group: string) => `${id}｜${nickname}｜${group}`,
      none: (name: string) => `机器人所在的群里没有叫“${name}”的成员`,
    },
    stats: {
      description: '统计：与 #统计 相同的数字（全部社区）',
      from: '开始日期（含），默认本月 1 日',
      to: '结束日期（含），默认今天',
      scope: '全部社区',
      empty: '这段时间没有案件',
    },
    backup: {
      argument: '备份文件，默认 <GRIDBOT_DATA_DIR>/backups/gridbot-<时间>.db',
      description: '在线备份数据库（机器人运行时也安全）',
      done: (file: string) => `已备份到 ${file}`,
    },
    doctor: { description: '检查设置、数据库、迁移、微信连接、时区、磁盘和备份' },
  },
}
