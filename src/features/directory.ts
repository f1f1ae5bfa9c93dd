import type { App } from '../app/host.js'
import { bindDepartment, bindGrid, bindStaffGroup, roster, setRole, unbind } from '../commands/admin.js'

/** The directory: binding groups to grids, staff levels and departments, and roles. */
export function directory(app: App): void {
  app.command(bindGrid, bindStaffGroup, bindDepartment, setRole, roster, unbind)
}
