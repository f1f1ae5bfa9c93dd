import { ROLES, type Role } from './types.js'

/** Authority order: a command for `needed` is open to `held` when held ranks at least as high. */
export function canActAs(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed)
}

/** The highest of some roles (resident when none). */
export function highestRole(roles: Role[]): Role {
  return roles.reduce<Role>((best, r) => (canActAs(r, best) ? r : best), 'resident')
}

/** Staff: grid worker and above (leaders broadcast notices but do not handle cases). */
export function isStaff(role: Role): boolean {
  return canActAs(role, 'worker')
}
