import { ChevronLeft, ChevronRight } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { TargetRowForm } from "@/components/sales/forecast-target-editor";
import { BackLink } from "@/components/ui/back-link";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { addMonths, currentMonth, monthPattern, monthStart } from "@/lib/dates";
import { listTargets } from "@/lib/sales/forecast";
import { getSetting } from "@/lib/settings/queries";
import { setTargetAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forecast.targets"))("title") };
}


/** Every target an actor may set for one month, one small form per person. */
export default async function TargetsPage(props: PageProps<"/sales/forecast/targets">) {
  const actor = await requirePermission("targets.manage");
  const [{ month: requested }, t, format, { timeZone }] = await Promise.all([props.searchParams, getTranslations("forecast.targets"), getFormatter(), getSetting("organisation")]);
  const month = typeof requested === "string" && monthPattern.test(requested) ? requested : currentMonth(timeZone);
  const { rows, currency } = await listTargets(actor, month);
  const label = (value: string) => format.dateTime(monthStart(value), { year: "numeric", month: "long", timeZone: "UTC" });
  const monthLabel = label(month);
  const link = (value: string) => `/sales/forecast/targets?month=${value}` as Route;

  return (
    <>
      <BackLink href={`/sales/forecast?from=${month}`}>{t("back")}</BackLink>
      <PageHeader title={t("title")} description={t("intro", { currency })} />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <form method="get" action="/sales/forecast/targets" aria-label={t("monthForm")} className="flex flex-wrap items-end gap-2">
          <Field id="targets-month" label={t("month")}>
            {(control) => <input {...control} type="month" name="month" defaultValue={month} pattern="\d{4}-\d{2}" placeholder="2026-01" className={controlClass()} />}
          </Field>
          <Button type="submit" variant="secondary">
            {t("show")}
          </Button>
        </form>
        <nav aria-label={t("monthNav")} className="flex gap-2">
          <Link href={link(addMonths(month, -1))} className={buttonClass("ghost")}>
            <ChevronLeft className="size-4" aria-hidden />
            {label(addMonths(month, -1))}
          </Link>
          <Link href={link(addMonths(month, 1))} className={buttonClass("ghost")}>
            {label(addMonths(month, 1))}
            <ChevronRight className="size-4" aria-hidden />
          </Link>
        </nav>
      </div>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">{monthLabel}</h2>
      {rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table
          head={
            <>
              <Th>{t("columns.person")}</Th>
              <Th className="hidden sm:table-cell">{t("columns.team")}</Th>
              <Th>{t("columns.target", { currency })}</Th>
            </>
          }
        >
          {rows.map((row) => (
            <tr key={row.userId} className="align-top">
              <Td className="min-w-32 pt-5">
                <span className="font-medium text-slate-900">{row.name}</span>
                <span className="block text-xs text-slate-500 sm:hidden">{row.teamName ?? t("noTeam")}</span>
              </Td>
              <Td className="hidden min-w-28 pt-5 sm:table-cell">{row.teamName ?? <span className="text-slate-500">{t("noTeam")}</span>}</Td>
              <Td className="min-w-52">
                <TargetRowForm
                  action={setTargetAction}
                  userId={row.userId}
                  month={month}
                  ownerName={row.name}
                  monthLabel={monthLabel}
                  currency={currency}
                  amount={row.target === null ? "" : String(toMajorUnits(row.target, currency))}
                />
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
