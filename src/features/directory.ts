import type { App } from '../app/host.js'
import { bindGrid, bindStaffGroup, roster, setRole, unbind } from '../commands/admin.js'

/** The directory: binding groups to grids and staff levels, and roles. */
export function directory(app: App): void {
  app.command(bindGrid, bindStaffGroup, setRole, roster, unbind)
}
