import { and, eq, inArray, isNull, or } from 'drizzle-orm'
import type { GroupKind, Role, ScopeKind } from '../domain/types.js'
import type { Db } from './database.js'
import { communities, grids, groups, roles, streets } from './schema.js'

/** A group as the bot knows it, with its place in the grid → community → street tree. */
export interface GroupInfo {
  roomId: string
  topic: string
  kind: GroupKind | null
  gridId: number | null
  gridName: string | null
  communityId: number | null
  communityName: string | null
  streetId: number | null
  streetName: string | null
}

/** A role holder. */
export interface RoleHolder { contactId: string; name: string; role: Role; scopeKind: ScopeKind; scopeId: number }

/** Streets, communities, grids, groups and roles. */
export function createDirectoryRepo(db: Db) {
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

  function upsertGrid(communityId: number, name: string): number {
    const found = db.select().from(grids).where(and(eq(grids.communityId, communityId), eq(grids.name, name))).get()
    return found?.id ?? db.insert(grids).values({ communityId, name }).returning({ id: grids.id }).get().id
  }

  return {
    upsertStreet,
    upsertCommunity,
    upsertGrid,
    communityByName,
    streetByName,

    /** Records a group the bot is in (topic refresh keeps its binding). */
    touchGroup(roomId: string, topic: string, now: number): void {
      db.insert(groups).values({ roomId, topic, updatedAt: now })
        .onConflictDoUpdate({ target: groups.roomId, set: { topic, updatedAt: now } }).run()
    },

    bindGroup(roomId: string, binding: { kind: GroupKind | null; gridId?: number; communityId?: number; streetId?: number }, now: number): void {
      const values = {
        kind: binding.kind, gridId: binding.gridId ?? null,
        communityId: binding.communityId ?? null, streetId: binding.streetId ?? null, updatedAt: now,
      }
      db.insert(groups).values({ roomId, topic: '', ...values })
        .onConflictDoUpdate({ target: groups.roomId, set: values }).run()
    },

    group(roomId: string): GroupInfo | undefined {
      const g = db.select().from(groups).where(eq(groups.roomId, roomId)).get()
      if (!g) return undefined
      const grid = g.gridId === null ? undefined : db.select().from(grids).where(eq(grids.id, g.gridId)).get()
      const communityId = grid?.communityId ?? g.communityId
      const community = communityId === null || communityId === undefined
        ? undefined : db.select().from(communities).where(eq(communities.id, communityId)).get()
      const streetId = community?.streetId ?? g.streetId
      const street = streetId === null || streetId === undefined
        ? undefined : db.select().from(streets).where(eq(streets.id, streetId)).get()
      return {
        roomId: g.roomId, topic: g.topic, kind: g.kind, gridId: grid?.id ?? null, gridName: grid?.name ?? null,
        communityId: community?.id ?? null, communityName: community?.name ?? null,
        streetId: street?.id ?? null, streetName: street?.name ?? null,
      }
    },

    /** Grid groups of one grid. */
    gridGroups(gridId: number): string[] {
      return db.select({ roomId: groups.roomId }).from(groups)
        .where(and(eq(groups.kind, 'grid'), eq(groups.gridId, gridId))).all().map((r) => r.roomId)
    },

    /** The staff group(s) of a community, or of a street. */
    staffGroups(scope: { communityId: number } | { streetId: number }): string[] {
      const cond = 'communityId' in scope
        ? and(eq(groups.communityId, scope.communityId), isNull(groups.streetId))
        : and(eq(groups.streetId, scope.streetId), isNull(groups.communityId))
      return db.select({ roomId: groups.roomId }).from(groups)
        .where(and(eq(groups.kind, 'staff'), cond)).all().map((r) => r.roomId)
    },

    setRole(holder: RoleHolder, now: number): void {
      db.insert(roles).values({ ...holder, updatedAt: now }).onConflictDoUpdate({
        target: [roles.contactId, roles.scopeKind, roles.scopeId],
        set: { role: holder.role, name: holder.name, updatedAt: now },
      }).run()
    },

    clearRole(contactId: string, scopeKind: ScopeKind, scopeId: number): void {
      db.delete(roles).where(and(eq(roles.contactId, contactId), eq(roles.scopeKind, scopeKind), eq(roles.scopeId, scopeId))).run()
    },

    /** Every role a contact holds that covers the given grid/community/street. */
    rolesCovering(contactId: string, scope: { gridId?: number | null; communityId?: number | null; streetId?: number | null }): RoleHolder[] {
      const conds = [and(eq(roles.scopeKind, 'global'), eq(roles.scopeId, 0))]
      if (scope.gridId) conds.push(and(eq(roles.scopeKind, 'grid'), eq(roles.scopeId, scope.gridId)))
      if (scope.communityId) conds.push(and(eq(roles.scopeKind, 'community'), eq(roles.scopeId, scope.communityId)))
      if (scope.streetId) conds.push(and(eq(roles.scopeKind, 'street'), eq(roles.scopeId, scope.streetId)))
      return db.select().from(roles).where(and(eq(roles.contactId, contactId), or(...conds))).all()
    },

    /** Holders of some roles in one scope. */
    holders(scopeKind: ScopeKind, scopeId: number, roleList: Role[]): RoleHolder[] {
      return db.select().from(roles)
        .where(and(eq(roles.scopeKind, scopeKind), eq(roles.scopeId, scopeId), inArray(roles.role, roleList))).all()
    },

    /** Every role holder of a contact anywhere (to find a private sender's grid). */
    rolesOf(contactId: string): RoleHolder[] {
      return db.select().from(roles).where(eq(roles.contactId, contactId)).all()
    },
  }
}

export type DirectoryRepo = ReturnType<typeof createDirectoryRepo>
