import "server-only";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { cannedReplies, teamMembers, teams, users, type CannedReply } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { formatOrderNumber } from "@/lib/sales/rules";
import { teamsOf } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { parseInput, uuidParam } from "@/lib/validation";
import { fillPlaceholders, formatTicketNumber } from "./rules";
import { cannedReplySchema } from "./schemas";
import { getTicket } from "./tickets";

/**
 * Canned replies: texts shared with everyone (no team) or with one team. Agents keep their own
 * team's; managers and admins also the shared ones and any team's.
 */

const myTeams = (actor: Actor) => (actor.kind === "user" ? teamsOf(actor) : sql`select ${teams.id} from ${teams}`);

/** The replies the actor may use: shared ones and their teams'; managers and admins see all. */
function usableBy(actor: Actor) {
  if (can(actor, "service.manage")) return undefined;
  return or(isNull(cannedReplies.teamId), sql`${cannedReplies.teamId} in (${myTeams(actor)})`);
}

export async function listCannedReplies(actor: Actor) {
  assertCan(actor, "tickets.write");
  const db = await getDb();
  return db
    .select({ reply: cannedReplies, teamName: teams.name })
    .from(cannedReplies)
    .leftJoin(teams, eq(teams.id, cannedReplies.teamId))
    .where(usableBy(actor))
    .orderBy(asc(cannedReplies.title));
}

/**
 * The teams the actor may keep replies for, by name: any team for managers and admins, an
 * agent's own teams (the same rule `assertMayKeep` applies), for the canned replies' team choice.
 * `listTeams` is the sales module's and not for support agents.
 */
export async function listCannedReplyTeams(actor: Actor): Promise<{ id: string; name: string }[]> {
  assertCan(actor, "tickets.write");
  const db = await getDb();
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(can(actor, "service.manage") ? undefined : sql`${teams.id} in (${myTeams(actor)})`)
    .orderBy(asc(teams.name));
}

/** Whether the actor may keep replies for `teamId` (null: shared with everyone). */
async function assertMayKeep(db: Database, actor: Actor, teamId: string | null) {
  if (can(actor, "service.manage")) {
    if (teamId) {
      const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
      if (!team) throw new AppError("VALIDATION", "errors.VALIDATION", { teamId: ["validation.invalid"] });
    }
    return;
  }
  if (!teamId || actor.kind !== "user") throw new AppError("VALIDATION", "errors.VALIDATION", { teamId: ["validation.cannedTeam"] });
  const [member] = await db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(sql`${teamMembers.teamId} = ${teamId} and ${teamMembers.userId} = ${actor.userId}`);
  if (!member) throw new AppError("VALIDATION", "errors.VALIDATION", { teamId: ["validation.cannedTeam"] });
}

/** A reply the actor may use, or NOT_FOUND; locked when it is about to change. */
async function findUsable(db: Database, actor: Actor, replyId: unknown, lock = false): Promise<CannedReply> {
  const id = uuidParam.safeParse(replyId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const query = db
    .select()
    .from(cannedReplies)
    .where(and(eq(cannedReplies.id, id.data), usableBy(actor)));
  const [reply] = lock ? await query.for("update") : await query;
  if (!reply) throw new AppError("NOT_FOUND");
  return reply;
}

export async function createCannedReply(actor: Actor, input: unknown): Promise<CannedReply> {
  assertCan(actor, "tickets.write");
  const values = parseInput(cannedReplySchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertMayKeep(tx, actor, values.teamId);
    const [reply] = await tx
      .insert(cannedReplies)
      .values({ ...values, createdBy: actor.kind === "user" ? actor.userId : null })
      .returning();
    await recordAudit(tx, actor, { action: "canned_reply.create", entityType: "canned_reply", entityId: reply!.id, after: reply! });
    return reply!;
  });
}

export async function updateCannedReply(actor: Actor, replyId: unknown, input: unknown): Promise<CannedReply> {
  assertCan(actor, "tickets.write");
  const values = parseInput(cannedReplySchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await findUsable(tx, actor, replyId, true);
    await assertMayKeep(tx, actor, before.teamId);
    await assertMayKeep(tx, actor, values.teamId);
    const [after] = await tx.update(cannedReplies).set(values).where(eq(cannedReplies.id, before.id)).returning();
    await recordAudit(tx, actor, { action: "canned_reply.update", entityType: "canned_reply", entityId: before.id, before, after: after! });
    return after!;
  });
}

export async function deleteCannedReply(actor: Actor, replyId: unknown): Promise<void> {
  assertCan(actor, "tickets.write");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const reply = await findUsable(tx, actor, replyId, true);
    await assertMayKeep(tx, actor, reply.teamId);
    await tx.delete(cannedReplies).where(eq(cannedReplies.id, reply.id));
    await recordAudit(tx, actor, { action: "canned_reply.delete", entityType: "canned_reply", entityId: reply.id, before: reply });
  });
}

/** A canned reply filled in for a ticket: the customer's name, its order's number, the agent's name. */
export async function renderCannedReply(actor: Actor, replyId: unknown, ticketId: unknown): Promise<string> {
  assertCan(actor, "tickets.write");
  const { ticket, customer, order } = await getTicket(actor, ticketId);
  const db = await getDb();
  const reply = await findUsable(db, actor, replyId);
  const [agent] = actor.kind === "user" ? await db.select({ name: users.name }).from(users).where(eq(users.id, actor.userId)) : [];
  const { timeZone } = await readSetting("organisation", db);
  return fillPlaceholders(reply.body, {
    "customer.name": customer.name,
    "order.number": order?.number ? formatOrderNumber(order.number, order.placedAt!, timeZone) : undefined,
    "agent.name": agent?.name ?? actor.name,
    "ticket.number": formatTicketNumber(ticket.number),
  });
}
