import type { Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TeamFilterField } from "@/components/forms/team-filter-field";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";

/** A dashboard's months and team as a plain GET form: it works without script and the URL can be shared. */
export async function ReportFilters({
  action,
  params,
  teams,
}: {
  action: Route;
  params: { from: string; to: string; team?: string };
  teams: { id: string; name: string }[];
}) {
  const t = await getTranslations("reports.filters");
  return (
    <form method="get" action={action} aria-label={t("title")} className="mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto]">
      <Field id="report-from" label={t("from")}>
        {(control) => <input {...control} type="month" name="from" defaultValue={params.from} pattern="\d{4}-\d{2}" placeholder="2026-01" className={controlClass()} />}
      </Field>
      <Field id="report-to" label={t("to")}>
        {(control) => <input {...control} type="month" name="to" defaultValue={params.to} pattern="\d{4}-\d{2}" placeholder="2026-12" className={controlClass()} />}
      </Field>
      <TeamFilterField id="report-team" label={t("team")} value={params.team} teams={teams} allLabel={t("allTeams")} noneLabel={t("noTeam")} />
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <Button type="submit">{t("apply")}</Button>
        <Link href={action} className={buttonClass("ghost")}>
          {t("clear")}
        </Link>
      </div>
    </form>
  );
}
