import type { Role } from '../domain/types.js'
import { ROLE_LABELS } from './labels.js'

/** Every line of the directory commands (binding groups, roles, the roster), keyed by command. */
export const directoryText = {
  bindGrid: {
    words: { name: '绑定网格', aliases: ['bind-grid'] },
    summary: '把本群绑定为网格群',
    args: { names: '[<街道>] <社区> <网格>' },
    done: (street: string | null, community: string, grid: string) =>
      `已绑定：${street ? street + ' ' : ''}${community} ${grid}\n本群居民可发 #报事 <描述> 报事`,
  },
  bindStaff: {
    words: { name: '绑定工作群', aliases: ['bind-staff-group'] },
    summary: '把本群设为社区或街道工作群',
    args: { name: '社区或街道' },
    streetSuffix: /(街道|镇|乡)$/,
    communitySuffix: /(社区|村)$/,
    done: (name: string) => `本群已成为${name}工作群，将收到该级承办、上报、催办和督办的案件`,
    badName: '名称需以社区、村、街道、镇或乡结尾，例如 #绑定工作群 阳光社区',
  },
  bindDepartment: {
    words: { name: '绑定部门', aliases: ['bind-department'] },
    summary: '把本群设为职能部门群（接收派单）',
    args: { names: '<部门> [<街道>]' },
    done: (name: string, street: string | null) =>
      `本群已成为${name}${street ? `（${street}）` : ''}的部门群，将收到派给${name}的案件和提醒\n请设置处理人：#设置 @成员 部门`,
    badStreet: '街道名称需以街道、镇或乡结尾，例如 #绑定部门 城管中队 幸福街道',
  },
  setRole: {
    words: { name: '设置', aliases: ['set-role'] },
    summary: '设置成员角色',
    args: { who: '@成员…', role: '网格长/网格员/社区/街道/部门/居民/管理员' },
    /** The role words #设置 takes (besides the English role names). */
    roleWords: {
      居民: 'resident',
      网格长: 'leader',
      楼长: 'leader',
      网格员: 'worker',
      社区: 'community',
      街道: 'street',
      部门: 'department',
      管理员: 'admin',
    } as Record<string, Role>,
    noMentions: '请 @ 要设置的成员，例如 #设置 @张三 网格员',
    done: (names: string[], role: Role) => `已将 ${names.join('、')} 设为${ROLE_LABELS[role]}`,
    needsGrid: (role: Role) => `${ROLE_LABELS[role]}请在网格群里设置`,
    needsStreet: '本社区还没有所属街道，请先在网格群发 #绑定网格 <街道> <社区> <网格>',
    needsDepartment: '部门处理人请在部门群里设置（先在该群发 #绑定部门 <部门>）',
  },
  roster: {
    words: { name: '名单', aliases: ['roster'] },
    summary: '查看本群成员角色',
    header: (topic: string) => `${topic || '本群'}名单：`,
    line: (role: Role, names: string[]) => `${ROLE_LABELS[role]}：${names.join('、')}`,
    residents: (n: number) => `居民 ${n} 人`,
    account: (owner: string, standIn?: string) => (standIn ? `应答账号：${owner}（暂由${standIn}代发）` : `应答账号：${owner}`),
  },
  unbind: {
    words: { name: '解绑', aliases: ['unbind'] },
    summary: '本群不再作为网格群、工作群或部门群',
    done: '本群已解绑，不再作为网格群或工作群',
  },
  notBound: '本群尚未绑定',
}
