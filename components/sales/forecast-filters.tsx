import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TeamFilterField } from "@/components/forms/team-filter-field";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";

type Option = { id: string; name: string };

/** The forecast's span, team and owner as a plain GET form: it works without script and the URL can be shared. */
export async function ForecastFilters({
  params,
  teams,
  owners,
}: {
  params: { from: string; months: number; team?: string; owner?: string };
  teams: Option[];
  owners: Option[];
}) {
  const t = await getTranslations("forecast.filters");
  return (
    <form method="get" action="/sales/forecast" aria-label={t("title")} className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]">
      <Field id="forecast-from" label={t("from")}>
        {(control) => <input {...control} type="month" name="from" defaultValue={params.from} pattern="\d{4}-\d{2}" placeholder="2026-01" className={controlClass()} />}
      </Field>
      <Field id="forecast-months" label={t("months")}>
        {(control) => (
          <select {...control} name="months" defaultValue={String(params.months)} className={controlClass()}>
            {Array.from({ length: 12 }, (_, index) => index + 1).map((count) => (
              <option key={count} value={count}>
                {t("monthCount", { count })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TeamFilterField id="forecast-team" label={t("team")} value={params.team} teams={teams} allLabel={t("allTeams")} noneLabel={t("noTeam")} />
      <Field id="forecast-owner" label={t("owner")}>
        {(control) => (
          <select {...control} name="owner" defaultValue={params.owner ?? ""} className={controlClass()}>
            <option value="">{t("everyone")}</option>
            <option value="me">{t("me")}</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
        <Button type="submit">{t("apply")}</Button>
        <Link href="/sales/forecast" className={buttonClass("ghost")}>
          {t("clear")}
        </Link>
      </div>
    </form>
  );
}
