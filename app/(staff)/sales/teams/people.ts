import "server-only";
import type { TeamPerson } from "@/components/sales/team-form";
import type { Actor } from "@/lib/auth/permissions";
import { listTeamMembers, listTeams } from "@/lib/sales/teams";
import { listAssignableOwners } from "@/lib/users/queries";

/** The teams, and every active seller with the team they are in now, for the team form. */
export async function loadTeamsAndPeople(actor: Actor) {
  const [owners, teams] = await Promise.all([listAssignableOwners(), listTeams(actor)]);
  const memberships = await Promise.all(teams.map(async (team) => (await listTeamMembers(actor, team.id)).map((member) => [member.id, team] as const)));
  const teamOf = new Map(memberships.flat());
  const people: TeamPerson[] = owners.map((owner) => ({ ...owner, teamId: teamOf.get(owner.id)?.id ?? null, teamName: teamOf.get(owner.id)?.name ?? null }));
  return { teams, people };
}
