import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TeamForm } from "@/components/sales/team-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { createTeamAction } from "../actions";
import { loadTeamsAndPeople } from "../people";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teams"))("newTitle") };
}

export default async function NewTeamPage() {
  const actor = await requirePermission("teams.manage");
  const [t, { people }] = await Promise.all([getTranslations("teams"), loadTeamsAndPeople(actor)]);
  return (
    <>
      <BackLink href="/sales/teams">{t("title")}</BackLink>
      <PageHeader title={t("newTitle")} />
      <Card className="p-5 sm:p-6">
        <TeamForm action={createTeamAction} people={people} cancelHref="/sales/teams" initial={{ name: "", managerId: "", memberIds: [] }} />
      </Card>
    </>
  );
}
