import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { TeamForm } from "@/components/sales/team-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { updateTeamAction } from "../actions";
import { loadTeamsAndPeople } from "../people";

/** The team of the URL with everyone who could join it, or the not-found page; once per request. */
const loadTeam = cache(async (actor: Actor, teamId: string) => {
  const { teams, people } = await loadTeamsAndPeople(actor);
  const team = teams.find((candidate) => candidate.id === teamId);
  if (!team) notFound();
  return { team, people };
});

export async function generateMetadata(props: PageProps<"/sales/teams/[teamId]">): Promise<Metadata> {
  const actor = await requirePermission("teams.manage");
  const [t, { team }] = await Promise.all([getTranslations("teams"), loadTeam(actor, (await props.params).teamId)]);
  return { title: t("editTitle", { name: team.name }) };
}

export default async function EditTeamPage(props: PageProps<"/sales/teams/[teamId]">) {
  const actor = await requirePermission("teams.manage");
  const [t, { team, people }] = await Promise.all([getTranslations("teams"), loadTeam(actor, (await props.params).teamId)]);
  return (
    <>
      <BackLink href="/sales/teams">{t("title")}</BackLink>
      <PageHeader title={t("editTitle", { name: team.name })} />
      <Card className="p-5 sm:p-6">
        <TeamForm
          action={updateTeamAction}
          id={team.id}
          people={people}
          cancelHref="/sales/teams"
          initial={{ name: team.name, managerId: team.managerId ?? "", memberIds: people.filter((person) => person.teamId === team.id).map((person) => person.id) }}
        />
      </Card>
    </>
  );
}
