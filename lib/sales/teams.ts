import "server-only";
import { and, asc, eq, inArray, ne, notInArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { cache } from "react";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { teamMembers, teams, users, type Team } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, staffRoles, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { parseInput, requiredText, uuidParam } from "@/lib/validation";

/**
 * Whose deals an actor works with. `null` means everyone's (admins, and our own processes);
 * otherwise the user ids. A rep reads their team's and edits their own; a manager reads and edits
 * the deals of the teams they lead and of their own team.
 */
export type SalesScope = { read: string[] | null; write: string[] | null };

export const salesScope = cache(async (actor: Actor, tx?: Database): Promise<SalesScope> => {
  if (actor.kind === "system" || actor.role === "admin") return { read: null, write: null };
  // Inside a transaction, its own connection: the embedded database has only one.
  const db = tx ?? (await getDb());
  const own = db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, actor.userId));
  const led = db.select({ teamId: teams.id }).from(teams).where(eq(teams.managerId, actor.userId));
  const teamIds = actor.role === "manager" ? sql`(${own} union ${led})` : sql`(${own})`;
  const mates = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(sql`${teamMembers.teamId} in ${teamIds}`);
  const read = [...new Set([actor.userId, ...mates.map((mate) => mate.userId)])];
  return { read, write: actor.role === "manager" ? read : [actor.userId] };
});

/** The teams a user belongs to, and for a manager also the teams they lead, as a subquery. */
export function teamsOf(actor: Extract<Actor, { kind: "user" }>): SQL {
  const own = sql`select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.userId} = ${actor.userId}`;
  return actor.role === "manager" ? sql`${own} union select ${teams.id} from ${teams} where ${teams.managerId} = ${actor.userId}` : own;
}

/**
 * Which customers a seller sees, as SQL over the customer's owner: their own, their teams'
 * (for a manager also the teams they lead), and those nobody owns yet. Support agents and
 * admins see all (undefined: no limit); so do our own processes.
 */
export function ownerVisibleTo(actor: Actor, ownerColumn: AnyPgColumn): SQL | undefined {
  if (actor.kind === "system" || (actor.role !== "sales_rep" && actor.role !== "manager")) return undefined;
  const mates = sql`select ${teamMembers.userId} from ${teamMembers} where ${teamMembers.teamId} in (${teamsOf(actor)})`;
  return sql`(${ownerColumn} is null or ${ownerColumn} = ${actor.userId} or ${ownerColumn} in (${mates}))`;
}

/** Which customers a seller may change: a rep their own and unowned ones; a manager all they see. */
export function ownerWritableBy(actor: Actor, ownerColumn: AnyPgColumn): SQL | undefined {
  if (actor.kind === "user" && actor.role === "sales_rep") return sql`(${ownerColumn} is null or ${ownerColumn} = ${actor.userId})`;
  return ownerVisibleTo(actor, ownerColumn);
}

/** A WHERE condition limiting `ownerColumn` to the ids of `ids` (none = no limit). */
export function ownedBy(ownerColumn: AnyPgColumn, ids: string[] | null): SQL | undefined {
  return ids === null ? undefined : inArray(ownerColumn, ids);
}

/**
 * A WHERE condition on a deal's (or any record's) owner by team: owned by a member of `team`, or
 * for `none` by nobody in a team; undefined (no limit) without a team.
 */
export function ownerInTeam(ownerColumn: AnyPgColumn, team: string | undefined): SQL | undefined {
  if (!team) return undefined;
  return team === "none"
    ? sql`${ownerColumn} not in (select ${teamMembers.userId} from ${teamMembers})`
    : sql`${ownerColumn} in (select ${teamMembers.userId} from ${teamMembers} where ${teamMembers.teamId} = ${team})`;
}

export function mayWrite(scope: SalesScope, ownerId: string): boolean {
  return scope.write === null || scope.write.includes(ownerId);
}

const teamInputSchema = z.strictObject({
  name: requiredText(80),
  managerId: z.preprocess((value) => (value === "" ? null : value), uuidParam.nullable().default(null)),
  memberIds: z.preprocess(
    (value) => (typeof value === "string" ? [value] : (value ?? [])),
    z
      .array(uuidParam)
      .max(200)
      .transform((ids) => [...new Set(ids)]),
  ),
});
export type TeamInput = z.input<typeof teamInputSchema>;

export async function listTeams(actor: Actor) {
  assertCan(actor, "deals.read");
  const db = await getDb();
  const rows = await db
    .select({ team: teams, managerName: users.name, memberCount: sql<number>`(select count(*) from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`.mapWith(Number) })
    .from(teams)
    .leftJoin(users, eq(users.id, teams.managerId))
    .orderBy(asc(teams.name));
  return rows.map((row) => ({ ...row.team, managerName: row.managerName, memberCount: row.memberCount }));
}

/** Everyone in a team, by name. */
export async function listTeamMembers(actor: Actor, teamId: unknown) {
  assertCan(actor, "deals.read");
  const id = uuidParam.safeParse(teamId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, id.data))
    .orderBy(asc(users.name));
}

/** Staff that can lead a team (managers and admins) or belong to one (any staff: sellers and agents). */
async function checkPeople(tx: Database, values: z.output<typeof teamInputSchema>) {
  const ids = [...new Set([...values.memberIds, ...(values.managerId ? [values.managerId] : [])])];
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, true), inArray(users.role, [...staffRoles])));
  const known = new Map(found.map((user) => [user.id, user.role]));
  const errors: Record<string, string[]> = {};
  if (values.managerId && known.get(values.managerId) !== "manager" && known.get(values.managerId) !== "admin") errors.managerId = ["validation.teamManager"];
  if (values.memberIds.some((id) => !known.has(id))) errors.memberIds = ["validation.teamMember"];
  if (Object.keys(errors).length) throw new AppError("VALIDATION", "errors.VALIDATION", errors);
}

/**
 * Puts each member in this team, taking them out of any other (a user is in one team); the teams
 * they leave get an audit row of their own.
 */
async function placeMembers(tx: Database, actor: Actor, teamId: string, memberIds: string[]) {
  await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), memberIds.length ? notInArray(teamMembers.userId, memberIds) : undefined));
  if (memberIds.length === 0) return;
  const moved = await tx
    .delete(teamMembers)
    .where(and(inArray(teamMembers.userId, memberIds), ne(teamMembers.teamId, teamId)))
    .returning({ teamId: teamMembers.teamId, userId: teamMembers.userId });
  await tx
    .insert(teamMembers)
    .values(memberIds.map((userId) => ({ teamId, userId })))
    .onConflictDoNothing();
  for (const left of new Set(moved.map((row) => row.teamId))) {
    const remaining = (await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, left))).map((row) => row.userId);
    const gone = moved.filter((row) => row.teamId === left).map((row) => row.userId);
    await recordAudit(tx, actor, { action: "team.update", entityType: "team", entityId: left, before: { memberIds: [...remaining, ...gone].sort() }, after: { memberIds: remaining.sort() } });
  }
}

/** A name another team has, or a member placed in another team by a concurrent change. */
function conflict(error: unknown): unknown {
  const constraint = uniqueViolation(error);
  if (constraint === "teams_name_key") return new AppError("CONFLICT", "errors.CONFLICT", { name: ["validation.teamNameTaken"] });
  if (constraint === "team_members_user_key") return new AppError("CONFLICT");
  return error;
}

export async function createTeam(actor: Actor, input: unknown): Promise<Team> {
  assertCan(actor, "teams.manage");
  const values = parseInput(teamInputSchema, input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      await checkPeople(tx, values);
      const [team] = (await tx.insert(teams).values({ name: values.name, managerId: values.managerId }).returning()) as [Team];
      await placeMembers(tx, actor, team.id, values.memberIds);
      await recordAudit(tx, actor, { action: "team.create", entityType: "team", entityId: team.id, after: { name: team.name, managerId: team.managerId, memberIds: values.memberIds } });
      return team;
    });
  } catch (error) {
    throw conflict(error);
  }
}

export async function updateTeam(actor: Actor, teamId: unknown, input: unknown): Promise<Team> {
  assertCan(actor, "teams.manage");
  const id = uuidParam.safeParse(teamId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const values = parseInput(teamInputSchema, input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(teams).where(eq(teams.id, id.data)).for("update");
      if (!before) throw new AppError("NOT_FOUND");
      await checkPeople(tx, values);
      const beforeMembers = await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, before.id));
      const [team] = (await tx.update(teams).set({ name: values.name, managerId: values.managerId }).where(eq(teams.id, before.id)).returning()) as [Team];
      await placeMembers(tx, actor, team.id, values.memberIds);
      await recordAudit(tx, actor, {
        action: "team.update",
        entityType: "team",
        entityId: team.id,
        before: { name: before.name, managerId: before.managerId, memberIds: beforeMembers.map((member) => member.userId).sort() },
        after: { name: team.name, managerId: team.managerId, memberIds: [...values.memberIds].sort() },
      });
      return team;
    });
  } catch (error) {
    throw conflict(error);
  }
}

/** People an actor may give a deal to: anyone in their write scope who sells. */
export async function listDealOwners(actor: Actor) {
  assertCan(actor, "deals.read");
  const scope = await salesScope(actor);
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ["admin", "manager", "sales_rep"]), ownedBy(users.id, scope.write)))
    .orderBy(asc(users.name));
}

/** The people whose figures an actor may read (forecast, list filters), by name. */
export async function listVisibleOwners(actor: Actor) {
  assertCan(actor, "deals.read");
  const scope = await salesScope(actor);
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.role, ["admin", "manager", "sales_rep"]), eq(users.active, true), ownedBy(users.id, scope.read)))
    .orderBy(asc(users.name));
}
