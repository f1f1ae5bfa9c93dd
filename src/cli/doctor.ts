import { existsSync, readdirSync, statfsSync, statSync } from 'node:fs'
import { Socket } from 'node:net'
import { join } from 'node:path'
import { formatShort, isValidTimeZone } from '../clock.js'
import { ConfigError, loadConfig, type Config } from '../config.js'
import { inspectDatabase, migrationStatus, probeWrite, type WriteProblem } from '../store/database.js'

/** One line of the doctor's screen. */
export interface Check {
  ok: boolean
  name: string
  detail: string
}

/** True when a TCP connection to host:port opens within `ms`. */
function reachable(endpoint: string, ms: number): Promise<boolean> {
  const m = /^(?:[a-z]+:\/\/)?([^:/]+|\[[^\]]+\]):(\d+)$/i.exec(endpoint.trim())
  if (!m) return Promise.resolve(false)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(ms, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(m[2]), m[1]!.replace(/^\[|\]$/g, ''), () => done(true))
  })
}

/** Settings, database, migrations, puppet service, time zone, disk and backups, checked without changing anything. */
export async function runDoctor(env: NodeJS.ProcessEnv, now: number): Promise<Check[]> {
  const checks: Check[] = []
  let config: Config
  try {
    config = loadConfig(env)
    checks.push({
      ok: true,
      name: '设置',
      detail: `.env 与策略文件有效${env.GRIDBOT_CONFIG ? `（${env.GRIDBOT_CONFIG}）` : '（默认策略）'}`,
    })
  } catch (err) {
    checks.push({ ok: false, name: '设置', detail: err instanceof ConfigError ? err.message : String(err) })
    return checks
  }

  if (!existsSync(config.dbFile)) {
    checks.push({ ok: false, name: '数据库', detail: `${config.dbFile} 不存在：运行 gridbot migrate 创建` })
  } else {
    try {
      const { integrity, counts } = inspectDatabase(config.dbFile)
      const sizeMb = (statSync(config.dbFile).size / 2 ** 20).toFixed(1)
      checks.push({
        ok: integrity === 'ok',
        name: '数据库',
        detail: `${config.dbFile}，${sizeMb} MB，完整性 ${integrity}，案件 ${counts.cases}，通知 ${counts.notices}，群 ${counts.groups}`,
      })
      checks.push(writeCheck(config.dbFile, probeWrite(config.dbFile)))
      const m = migrationStatus(config.dbFile)
      checks.push(
        m.pending.length
          ? {
              ok: false,
              name: '迁移',
              detail: `已应用 ${m.applied}/${m.total}，待应用：${m.pending.join('、')}（运行 gridbot migrate，或启动时自动应用）`,
            }
          : { ok: true, name: '迁移', detail: `已应用 ${m.applied}/${m.total}` },
      )
    } catch (err) {
      checks.push({ ok: false, name: '数据库', detail: `${config.dbFile} 打不开：${(err as Error).message}` })
    }
  }

  if (!config.puppetToken) {
    checks.push({ ok: true, name: '微信连接', detail: '未设置 WECHATY_PUPPET_SERVICE_TOKEN：npm start 运行沙盒' })
  } else if (config.puppetEndpoint) {
    const ok = await reachable(config.puppetEndpoint, 3_000)
    checks.push({ ok, name: '微信连接', detail: `${config.puppetEndpoint} ${ok ? '可连接' : '连不上（3 秒内无响应）'}；token 已设置` })
  } else {
    checks.push({ ok: true, name: '微信连接', detail: 'token 已设置，启动时按 token 查找服务地址（未检测）' })
  }

  checks.push(
    isValidTimeZone(config.timeZone)
      ? { ok: true, name: '时区', detail: `${config.timeZone}，现在 ${formatShort(now, config.timeZone)}` }
      : { ok: false, name: '时区', detail: `不认识的时区 ${config.timeZone}` },
  )

  try {
    const fs = statfsSync(existsSync(config.dataDir) ? config.dataDir : '.')
    const freeGb = (fs.bavail * fs.bsize) / 2 ** 30
    checks.push({
      ok: freeGb >= 1,
      name: '磁盘',
      detail: `${config.dataDir} 可用 ${freeGb.toFixed(1)} GB${freeGb < 1 ? '（不足 1 GB）' : ''}`,
    })
  } catch (err) {
    checks.push({ ok: false, name: '磁盘', detail: `${config.dataDir}：${(err as Error).message}` })
  }

  const backups = join(config.dataDir, 'backups')
  const files = existsSync(backups)
    ? readdirSync(backups)
        .filter((f) => f.endsWith('.db'))
        .sort()
    : []
  checks.push({
    ok: true,
    name: '备份',
    detail: files.length
      ? `${files.length} 份，最新 ${files[files.length - 1]}`
      : '还没有备份（每天 03:00 自动备份，或运行 gridbot backup）',
  })
  return checks
}

/** Whether the bot could store a message now (a write rolled back, and room on the disk). */
function writeCheck(file: string, p: WriteProblem | undefined): Check {
  const name = '写入'
  if (!p) return { ok: true, name, detail: '可以写入（写入测试已回滚，未改动数据）' }
  if (p.problem === 'full')
    return { ok: false, name, detail: `磁盘已满（可用 ${Math.floor(p.freeBytes / 1024)} KB）：新消息无法登记，请清理磁盘空间` }
  if (p.problem === 'readonly') return { ok: false, name, detail: `${file} 只读，无法写入：检查文件和所在文件夹的权限（${p.message}）` }
  if (p.problem === 'busy') return { ok: false, name, detail: `被占用：另一个进程长时间持有写锁（${p.message}）` }
  return { ok: false, name, detail: `无法写入：${p.message}` }
}

/** The doctor's screen: one line a check. */
export function formatChecks(checks: Check[]): string {
  return checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name.padEnd(4, '　')} ${c.detail}`).join('\n')
}
