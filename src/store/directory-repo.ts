import { and, eq, isNull, or, sql } from 'drizzle-orm'
import type { Department, GridRef, GroupInfo, RoleHolder, ScopeRef } from '../domain/model.js'
import type { DirectoryRepo } from '../domain/ports.js'
import type { GroupKind, Role, ScopeKind } from '../domain/types.js'
import type { Db } from './database.js'
import { communities, departments, grids, groups, roles, streets } from './schema.js'

/** Streets, communities, grids, groups and roles. */
export function createDirectoryRepo(db: Db): DirectoryRepo {
  // Hot paths (every message) are prepared once: drizzle builds SQL per call otherwise.
  /** Grids with their community's name and street: a GridRef per row. */
  const gridRefs = () =>
    db
      .select({
        id: grids.id,
        name: grids.name,
        communityId: grids.communityId,
        communityName: communities.name,
        streetId: communities.streetId,
      })
      .from(grids)
      .innerJoin(communities, eq(communities.id, grids.communityId))

  const groupById = db
    .select({
      roomId: groups.roomId,
      topic: groups.topic,
      kind: groups.kind,
      gridId: grids.id,
      gridName: grids.name,
      communityId: communities.id,
      communityName: communities.name,
      streetId: streets.id,
      streetName: streets.name,
      departmentId: departments.id,
      departmentName: departments.name,
    })
    .from(groups)
    .leftJoin(grids, eq(grids.id, groups.gridId))
    .leftJoin(communities, eq(communities.id, sql`coalesce(${grids.communityId}, ${groups.communityId})`))
    .leftJoin(streets, eq(streets.id, sql`coalesce(${communities.streetId}, ${groups.streetId})`))
    .leftJoin(departments, eq(departments.id, groups.departmentId))
    .where(eq(groups.roomId, sql.placeholder('roomId')))
    .prepare()
  const communityStaffQ = db
    .select({ roomId: groups.roomId })
    .from(groups)
    .where(and(eq(groups.kind, 'staff'), eq(groups.communityId, sql.placeholder('id')), isNull(groups.streetId)))
    .prepare()
  const streetStaffQ = db
    .select({ roomId: groups.roomId })
    .from(groups)
    .where(and(eq(groups.kind, 'staff'), eq(groups.streetId, sql.placeholder('id')), isNull(groups.communityId)))
    .prepare()
  const departmentGroupsQ = db
    .select({ roomId: groups.roomId })
    .from(groups)
    .where(and(eq(groups.kind, 'department'), eq(groups.departmentId, sql.placeholder('id'))))
    .prepare()
  const departmentQ = db
    .select({ id: departments.id, name: departments.name, streetId: departments.streetId, streetName: streets.name })
    .from(departments)
    .leftJoin(streets, eq(streets.id, departments.streetId))
  const departmentByIdQ = departmentQ.where(eq(departments.id, sql.placeholder('id'))).prepare()
  const scoped = (kind: ScopeKind, id: string) => and(eq(roles.scopeKind, kind), eq(roles.scopeId, sql.placeholder(id)))
  const rolesCoveringQ = db
    .select()
    .from(roles)
    .where(
      and(
        eq(roles.contactId, sql.placeholder('contactId')),
        or(
          and(eq(roles.scopeKind, 'global'), eq(roles.scopeId, 0)),
          scoped('grid', 'gridId'),
          scoped('community', 'communityId'),
          scoped('street', 'streetId'),
          scoped('department', 'departmentId'),
        ),
      ),
    )
    .prepare()
  const rolesOfQ = db
    .select()
    .from(roles)
    .where(eq(roles.contactId, sql.placeholder('contactId')))
    .prepare()
  const holdersQ = db
    .select()
    .from(roles)
    .where(
      and(
        eq(roles.scopeKind, sql.placeholder('scopeKind')),
        eq(roles.scopeId, sql.placeholder('scopeId')),
        eq(roles.role, sql.placeholder('role')),
      ),
    )
    .orderBy(roles.updatedAt)
    .prepare()
  const streetByName = (name: string) => db.select().from(streets).where(eq(streets.name, name)).get()
  const communityByName = (name: string) => db.select().from(communities).where(eq(communities.name, name)).get()

  function upsertStreet(name: string): number {
    return streetByName(name)?.id ?? db.insert(streets).values({ name }).returning({ id: streets.id }).get().id
  }

  function upsertCommunity(name: string, streetId?: number): number {
    const found = communityByName(name)
    if (!found) return db.insert(communities).values({ name, streetId }).returning({ id: communities.id }).get().id
    if (streetId !== undefined && found.streetId !== streetId) {
      db.update(communities).set({ streetId }).where(eq(communities.id, found.id)).run()
    }
    return found.id
  }

  function upsertDepartment(name: string, streetId?: number): number {
    const found = db.select().from(departments).where(eq(departments.name, name)).get()
    if (!found) return db.insert(departments).values({ name, streetId }).returning({ id: departments.id }).get().id
    if (streetId !== undefined && found.streetId !== streetId) {
      db.update(departments).set({ streetId }).where(eq(departments.id, found.id)).run()
    }
    return found.id
  }

  function upsertGrid(communityId: number, name: string): number {
    const found = db
      .select()
      .from(grids)
      .where(and(eq(grids.communityId, communityId), eq(grids.name, name)))
      .get()
    return found?.id ?? db.insert(grids).values({ communityId, name }).returning({ id: grids.id }).get().id
  }

  return {
    findStreet: (name: string): number | undefined => streetByName(name)?.id,
    findCommunity: (name: string): number | undefined => communityByName(name)?.id,
    upsertStreet,
    upsertCommunity,
    upsertGrid,
    upsertDepartment,
    findDepartment: (name: string): number | undefined =>
      db.select({ id: departments.id }).from(departments).where(eq(departments.name, name)).get()?.id,

    grid(id: number): GridRef | undefined {
      return gridRefs().where(eq(grids.id, id)).get()
    },

    nameOf(ref: ScopeRef): string | undefined {
      if ('communityId' in ref)
        return db.select({ n: communities.name }).from(communities).where(eq(communities.id, ref.communityId)).get()?.n
      if ('streetId' in ref) return db.select({ n: streets.name }).from(streets).where(eq(streets.id, ref.streetId)).get()?.n
      return departmentByIdQ.get({ id: ref.departmentId })?.name
    },

    department(id: number): Department | undefined {
      return departmentByIdQ.get({ id })
    },

    /** Departments a case of this street may be dispatched to: the street's own and those of no street, by name. */
    departmentsFor(streetId: number | null): Department[] {
      const where = streetId === null ? isNull(departments.streetId) : or(isNull(departments.streetId), eq(departments.streetId, streetId))
      return db
        .select({ id: departments.id, name: departments.name, streetId: departments.streetId, streetName: streets.name })
        .from(departments)
        .leftJoin(streets, eq(streets.id, departments.streetId))
        .where(where)
        .orderBy(departments.name)
        .all()
    },

    /** Records a group the bot is in (topic refresh keeps its binding). */
    touchGroup(roomId: string, topic: string, now: number): void {
      db.insert(groups)
        .values({ roomId, topic, updatedAt: now })
        .onConflictDoUpdate({ target: groups.roomId, set: { topic, updatedAt: now } })
        .run()
    },

    bindGroup(
      roomId: string,
      binding: { kind: GroupKind | null; gridId?: number; communityId?: number; streetId?: number; departmentId?: number },
      now: number,
    ): void {
      const values = {
        kind: binding.kind,
        gridId: binding.gridId ?? null,
        communityId: binding.communityId ?? null,
        streetId: binding.streetId ?? null,
        departmentId: binding.departmentId ?? null,
        updatedAt: now,
      }
      db.insert(groups)
        .values({ roomId, topic: '', ...values })
        .onConflictDoUpdate({ target: groups.roomId, set: values })
        .run()
    },

    group(roomId: string): GroupInfo | undefined {
      return groupById.get({ roomId })
    },

    /** Groups the bot has seen with this topic (an import names groups by their names). */
    groupsByTopic(topic: string): string[] {
      return db
        .select({ roomId: groups.roomId })
        .from(groups)
        .where(eq(groups.topic, topic))
        .all()
        .map((r) => r.roomId)
    },

    /** Every staff group with the community or street it serves. */
    allStaffGroups(): { roomId: string; communityId: number | null; streetId: number | null; name: string }[] {
      return db
        .select({
          roomId: groups.roomId,
          communityId: groups.communityId,
          streetId: groups.streetId,
          community: communities.name,
          street: streets.name,
        })
        .from(groups)
        .leftJoin(communities, eq(communities.id, groups.communityId))
        .leftJoin(streets, eq(streets.id, groups.streetId))
        .where(eq(groups.kind, 'staff'))
        .all()
        .map((r) => ({ roomId: r.roomId, communityId: r.communityId, streetId: r.streetId, name: r.community ?? r.street ?? '' }))
    },

    /** The staff group(s) of a community or a street, or a department's group(s). */
    staffGroups(scope: ScopeRef): string[] {
      const rows =
        'communityId' in scope
          ? communityStaffQ.all({ id: scope.communityId })
          : 'streetId' in scope
            ? streetStaffQ.all({ id: scope.streetId })
            : departmentGroupsQ.all({ id: scope.departmentId })
      return rows.map((r) => r.roomId)
    },

    /** The grid groups of a community, or of every community of a street, in grid order. */
    gridGroups(scope: { communityId: number } | { streetId: number }): GroupInfo[] {
      const where = 'communityId' in scope ? eq(grids.communityId, scope.communityId) : eq(communities.streetId, scope.streetId)
      return db
        .select({ roomId: groups.roomId })
        .from(groups)
        .innerJoin(grids, eq(grids.id, groups.gridId))
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(and(eq(groups.kind, 'grid'), where))
        .orderBy(grids.communityId, grids.id)
        .all()
        .map((r) => groupById.get({ roomId: r.roomId })!)
    },

    /** Grids of a community, of a street's communities, or every grid, with their names (bound to a group or not). */
    gridsIn(scope: { communityId: number } | { streetId: number } | 'all'): GridRef[] {
      const where =
        scope === 'all'
          ? undefined
          : 'communityId' in scope
            ? eq(grids.communityId, scope.communityId)
            : eq(communities.streetId, scope.streetId)
      return gridRefs().where(where).orderBy(grids.id).all()
    },

    setRole(holder: RoleHolder, now: number): void {
      db.insert(roles)
        .values({ ...holder, updatedAt: now })
        .onConflictDoUpdate({
          target: [roles.contactId, roles.scopeKind, roles.scopeId],
          set: { role: holder.role, name: holder.name, updatedAt: now },
        })
        .run()
    },

    clearRole(contactId: string, scopeKind: ScopeKind, scopeId: number): void {
      db.delete(roles)
        .where(and(eq(roles.contactId, contactId), eq(roles.scopeKind, scopeKind), eq(roles.scopeId, scopeId)))
        .run()
    },

    /** Every role a contact holds that covers the given grid/community/street. */
    rolesCovering(
      contactId: string,
      scope: { gridId?: number | null; communityId?: number | null; streetId?: number | null; departmentId?: number | null },
    ): RoleHolder[] {
      return rolesCoveringQ.all({
        contactId,
        gridId: scope.gridId ?? -1,
        communityId: scope.communityId ?? -1,
        streetId: scope.streetId ?? -1,
        departmentId: scope.departmentId ?? -1,
      })
    },

    /** Holders of one role in one scope, longest-serving first. */
    holders(scopeKind: ScopeKind, scopeId: number, role: Role): RoleHolder[] {
      return holdersQ.all({ scopeKind, scopeId, role })
    },

    /** Every role holder of a contact anywhere (to find a private sender's grid). */
    rolesOf(contactId: string): RoleHolder[] {
      return rolesOfQ.all({ contactId })
    },
  }
}
