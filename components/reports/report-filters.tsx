import type { Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TeamFilterField } from "@/components/forms/team-filter-field";
import { Button, buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass, Field } from "@/components/ui/field";

/**
 * A dashboard's months and team as a plain GET form: it works without script and the URL can be
 * shared. The span is in months, or in days (`unit="day"`); a dashboard as of now passes no span,
 * and one whose figures have no team passes no teams. `keep` holds the dashboard's other choices (a
 * pipeline, say), which applying the filters keeps.
 */
export async function ReportFilters({
  action,
  params,
  teams,
  unit = "month",
  teamOf = "customer",
  keep = {},
}: {
  action: Route;
  params: { from?: string; to?: string; team?: string };
  teams?: { id: string; name: string }[];
  unit?: "month" | "day";
  /** Whose team the filter picks: the customer owner's (`none`: customers of no team) or the ticket's. */
  teamOf?: "customer" | "ticket";
  keep?: Record<string, string | undefined>;
}) {
  const t = await getTranslations("reports.filters");
  // The pattern and placeholder guide browsers that show a plain text box for a month.
  const input =
    unit === "day"
      ? { type: "date", pattern: "\\d{4}-\\d{2}-\\d{2}", placeholder: "2026-01-31", from: t("fromDay"), to: t("toDay") }
      : { type: "month", pattern: "\\d{4}-\\d{2}", placeholder: "2026-01", from: t("from"), to: t("to") };
  const span = params.from !== undefined && params.to !== undefined;
  const fields = (span ? 2 : 0) + (teams ? 1 : 0);
  return (
    <form
      method="get"
      action={action}
      aria-label={t("title")}
      className={cn(
        "mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4",
        fields === 3 ? "sm:grid-cols-[repeat(3,minmax(0,1fr))_auto]" : fields === 2 ? "sm:grid-cols-[repeat(2,minmax(0,1fr))_auto]" : "sm:grid-cols-[minmax(0,16rem)_auto]",
      )}
    >
      {Object.entries(keep).map(([name, value]) => value !== undefined && <input key={name} type="hidden" name={name} value={value} />)}
      {span && (
        <>
          <Field id="report-from" label={input.from}>
            {(control) => <input {...control} type={input.type} name="from" defaultValue={params.from} pattern={input.pattern} placeholder={input.placeholder} className={controlClass()} />}
          </Field>
          <Field id="report-to" label={input.to}>
            {(control) => <input {...control} type={input.type} name="to" defaultValue={params.to} pattern={input.pattern} placeholder={input.placeholder} className={controlClass()} />}
          </Field>
        </>
      )}
      {teams && <TeamFilterField id="report-team" label={t("team")} value={params.team} teams={teams} allLabel={t("allTeams")} noneLabel={t(teamOf === "ticket" ? "noTicketTeam" : "noTeam")} />}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <Button type="submit">{t("apply")}</Button>
        <Link href={action} className={buttonClass("ghost")}>
          {t("clear")}
        </Link>
      </div>
    </form>
  );
}
