import { SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import type { DealListParams } from "@/lib/sales/deals";

type Option = { value: string; label: string };
export type DealFilterOptions = {
  owners: Option[];
  pipelines: { id: string; name: string; stages: { id: string; name: string }[] }[];
};

/** The list's filters as a plain GET form: it works without script, and its URL can be shared. */
export async function DealFilters({ params, options, activeCount }: { params: DealListParams; options: DealFilterOptions; activeCount: number }) {
  const t = await getTranslations("deals");
  const several = options.pipelines.length > 1;
  const stageOptions = (stages: { id: string; name: string }[]) =>
    stages.map((stage) => (
      <option key={stage.id} value={stage.id}>
        {stage.name}
      </option>
    ));
  return (
    <details open={activeCount > 0} className="mb-4 rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer items-center gap-2 px-4 py-3 text-sm font-medium text-slate-700">
        <SlidersHorizontal className="size-4" aria-hidden />
        {t("filters.title")}
        {activeCount > 0 && <span className="rounded-full bg-brand-600 px-2 text-xs text-white">{activeCount}</span>}
      </summary>
      <form method="get" action="/sales/deals" aria-label={t("filters.title")} className="grid gap-3 border-t border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-4">
        {params.q && <input type="hidden" name="q" value={params.q} />}
        <input type="hidden" name="status" value={params.status} />
        <Field id="deal-filter-owner" label={t("filters.owner")}>
          {(control) => (
            <select {...control} name="owner" defaultValue={params.owner ?? ""} className={controlClass()}>
              <option value="">{t("filters.any")}</option>
              <option value="me">{t("filters.me")}</option>
              {options.owners.map((owner) => (
                <option key={owner.value} value={owner.value}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {several && (
          <Field id="deal-filter-pipeline" label={t("filters.pipeline")}>
            {(control) => (
              <select {...control} name="pipeline" defaultValue={params.pipeline ?? ""} className={controlClass()}>
                <option value="">{t("filters.any")}</option>
                {options.pipelines.map((pipeline) => (
                  <option key={pipeline.id} value={pipeline.id}>
                    {pipeline.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="deal-filter-stage" label={t("filters.stage")}>
          {(control) => (
            <select {...control} name="stage" defaultValue={params.stage ?? ""} className={controlClass()}>
              <option value="">{t("filters.any")}</option>
              {several
                ? options.pipelines.map((pipeline) => (
                    <optgroup key={pipeline.id} label={pipeline.name}>
                      {stageOptions(pipeline.stages)}
                    </optgroup>
                  ))
                : stageOptions(options.pipelines[0]?.stages ?? [])}
            </select>
          )}
        </Field>
        <Field id="deal-filter-close" label={t("filters.close")} hint={t("filters.closeHint")}>
          {(control) => <input {...control} type="month" name="close" defaultValue={params.close} pattern="\d{4}-\d{2}" className={controlClass()} />}
        </Field>
        <Field id="deal-filter-min" label={t("filters.min")}>
          {(control) => <input {...control} name="min" inputMode="decimal" defaultValue={params.min} className={controlClass()} />}
        </Field>
        <Field id="deal-filter-max" label={t("filters.max")}>
          {(control) => <input {...control} name="max" inputMode="decimal" defaultValue={params.max} className={controlClass()} />}
        </Field>
        <Field id="deal-filter-sort" label={t("filters.sort")}>
          {(control) => (
            <select {...control} name="sort" defaultValue={params.sort} className={controlClass()}>
              {(["close", "amount", "stage", "title", "updated"] as const).map((key) => (
                <option key={key} value={key}>
                  {t(`sort.${key}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="deal-filter-dir" label={t("filters.dir")}>
          {(control) => (
            <select {...control} name="dir" defaultValue={params.dir} className={controlClass()}>
              <option value="asc">{t("filters.asc")}</option>
              <option value="desc">{t("filters.desc")}</option>
            </select>
          )}
        </Field>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit">{t("filters.apply")}</Button>
          <Link href="/sales/deals" className={buttonClass("ghost")}>
            {t("filters.clear")}
          </Link>
        </div>
      </form>
    </details>
  );
}
