import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { teamMembers, teams, users } from "@/db/schema";
import { assertCan, rolesWith, type Actor } from "@/lib/auth/permissions";

/** Teams and the people who work tickets, for the queues' filters and the assignment form. */
export async function listServicePeople(actor: Actor) {
  assertCan(actor, "tickets.read");
  const db = await getDb();
  const [teamRows, agents] = await Promise.all([
    db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)),
    db
      .select({ id: users.id, name: users.name, teamId: teamMembers.teamId })
      .from(users)
      .leftJoin(teamMembers, eq(teamMembers.userId, users.id))
      .where(and(eq(users.active, true), inArray(users.role, rolesWith("tickets.write"))))
      .orderBy(asc(users.name)),
  ]);
  return { teams: teamRows, agents };
}
