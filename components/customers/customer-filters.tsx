import { SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import { rfmCellKey, rfmScores, rfmSegmentKeys } from "@/lib/customers/rfm";
import type { CustomerListParams } from "@/lib/customers/schemas";

type Option = { value: string; label: string };

/**
 * The list's filters as a plain GET form: it works without script, and the URL it makes can be
 * shared, bookmarked and saved as a segment.
 */
export async function CustomerFilters({
  params,
  options,
  activeCount,
}: {
  params: CustomerListParams;
  options: { stages: Option[]; sources: Option[]; kinds: Option[]; owners: Option[]; tiers: Option[] };
  activeCount: number;
}) {
  const [t, tr] = await Promise.all([getTranslations("customers.filters"), getTranslations("customers.rfm")]);
  const number = (name: "spendMin" | "spendMax" | "pointsMin" | "pointsMax") => (
    <Field id={`filter-${name}`} label={t(name)}>
      {(control) => <input {...control} type="number" inputMode="decimal" min={name.startsWith("spend") ? 0 : undefined} step="any" name={name} defaultValue={params[name]} className={controlClass()} />}
    </Field>
  );
  const select = (name: "stage" | "source" | "kind" | "owner" | "tier", choices: Option[]) => (
    <Field id={`filter-${name}`} label={t(name)}>
      {(control) => (
        <select {...control} name={name} defaultValue={params[name] ?? ""} className={controlClass()}>
          <option value="">{t("any")}</option>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <details open={activeCount > 0} className="group mb-4 rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer items-center gap-2 px-4 py-3 text-sm font-medium text-slate-700">
        <SlidersHorizontal className="size-4" aria-hidden />
        {t("title")}
        {activeCount > 0 && <span className="rounded-full bg-brand-600 px-2 text-xs text-white">{activeCount}</span>}
      </summary>
      <form method="get" action="/customers" aria-label={t("title")} className="grid gap-3 border-t border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-4">
        {params.q && <input type="hidden" name="q" value={params.q} />}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        {select("stage", options.stages)}
        {select("source", options.sources)}
        {select("kind", options.kinds)}
        {select("owner", [{ value: "me", label: t("me") }, ...options.owners])}
        <Field id="filter-tag" label={t("tag")}>
          {(control) => <input {...control} name="tag" defaultValue={params.tag} className={controlClass()} />}
        </Field>
        <Field id="filter-city" label={t("city")}>
          {(control) => <input {...control} name="city" defaultValue={params.city} className={controlClass()} />}
        </Field>
        <Field id="filter-from" label={t("createdFrom")}>
          {(control) => <input {...control} type="date" name="createdFrom" defaultValue={params.createdFrom} className={controlClass()} />}
        </Field>
        <Field id="filter-to" label={t("createdTo")}>
          {(control) => <input {...control} type="date" name="createdTo" defaultValue={params.createdTo} className={controlClass()} />}
        </Field>
        <Field id="filter-last-from" label={t("lastOrderFrom")}>
          {(control) => <input {...control} type="date" name="lastOrderFrom" defaultValue={params.lastOrderFrom} className={controlClass()} />}
        </Field>
        <Field id="filter-last-to" label={t("lastOrderTo")}>
          {(control) => <input {...control} type="date" name="lastOrderTo" defaultValue={params.lastOrderTo} className={controlClass()} />}
        </Field>
        {number("spendMin")}
        {number("spendMax")}
        {options.tiers.length > 0 && (
          <>
            {select("tier", options.tiers)}
            {number("pointsMin")}
            {number("pointsMax")}
          </>
        )}
        <Field id="filter-rfm" label={t("rfm")}>
          {(control) => (
            <select {...control} name="rfm" defaultValue={params.rfm ?? ""} className={controlClass()}>
              <option value="">{t("any")}</option>
              <optgroup label={t("rfmSegments")}>
                {rfmSegmentKeys.map((key) => (
                  <option key={key} value={key}>
                    {tr(`${key}.name`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("rfmCells")}>
                {[...rfmScores].reverse().flatMap((recency) =>
                  rfmScores.map((frequency) => (
                    <option key={rfmCellKey(recency, frequency)} value={rfmCellKey(recency, frequency)}>
                      {t("rfmCell", { recency, frequency })}
                    </option>
                  )),
                )}
              </optgroup>
            </select>
          )}
        </Field>
        <Field id="filter-cohort" label={t("cohort")}>
          {(control) => <input {...control} type="month" name="cohort" defaultValue={params.cohort} pattern="\d{4}-\d{2}" placeholder="2026-01" className={controlClass()} />}
        </Field>
        <Field id="filter-bought-in" label={t("boughtIn")}>
          {(control) => <input {...control} type="month" name="boughtIn" defaultValue={params.boughtIn} pattern="\d{4}-\d{2}" placeholder="2026-01" className={controlClass()} />}
        </Field>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit">{t("apply")}</Button>
          <Link href="/customers" className={buttonClass("ghost")}>
            {t("clear")}
          </Link>
        </div>
      </form>
    </details>
  );
}
