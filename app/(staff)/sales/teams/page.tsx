import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BackLink } from "@/components/ui/back-link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { listTeams } from "@/lib/sales/teams";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teams"))("title") };
}

export default async function TeamsPage() {
  const actor = await requirePermission("teams.manage");
  const [t, teams] = await Promise.all([getTranslations("teams"), listTeams(actor)]);
  const newButton = (
    <Link href="/sales/teams/new" className={buttonClass()}>
      <Plus className="size-4" aria-hidden />
      {t("new")}
    </Link>
  );
  return (
    <>
      <BackLink href="/sales/forecast">{t("back")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} actions={newButton} />
      {teams.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <Table
          head={
            <>
              <Th>{t("columns.name")}</Th>
              <Th>{t("columns.manager")}</Th>
              <Th className="text-right">{t("columns.members")}</Th>
              <Th>
                <span className="sr-only">{t("columns.actions")}</span>
              </Th>
            </>
          }
        >
          {teams.map((team) => (
            <tr key={team.id}>
              <Td className="min-w-40 font-medium text-slate-900">{team.name}</Td>
              <Td className="min-w-32">{team.managerName ?? <span className="text-slate-500">{t("noManager")}</span>}</Td>
              <Td className="text-right tabular-nums">{team.memberCount}</Td>
              <Td className="text-right whitespace-nowrap">
                <Link href={`/sales/teams/${team.id}`} className="text-brand-700 hover:underline" aria-label={t("editNamed", { name: team.name })}>
                  {t("edit")}
                </Link>
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
