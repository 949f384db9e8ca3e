import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { ProgrammeTabs } from "@/components/membership/programme-tabs";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { pointsKinds } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { formatMemberNumber } from "@/lib/membership/rules";
import { listLedger } from "@/lib/membership/queries";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("membershipAdmin.ledger"))("title") };
}

/** Every member's points movements, newest first, by the days they happened on and their kind. */
export default async function LedgerPage({ searchParams }: PageProps<"/membership/points">) {
  const actor = await requirePermission("membership.read");
  const [t, ta, tp, format, result] = await Promise.all([
    getTranslations("membershipAdmin.ledger"),
    getTranslations("membershipAdmin"),
    getTranslations("points"),
    getFormatter(),
    listLedger(actor, await searchParams),
  ]);
  const { params } = result;
  const query = { from: params.from, to: params.to, kind: params.kind };
  const filtered = Boolean(params.from || params.to || params.kind);

  return (
    <>
      <PageHeader title={ta("title")} description={ta("intro")} />
      <ProgrammeTabs actor={actor} current="points" />
      <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t("intro")}</p>

      <form method="get" action="/membership/points" aria-label={t("filters")} className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto]">
        <Field id="ledger-from" label={t("from")}>
          {(control) => <input {...control} type="date" name="from" defaultValue={params.from ?? ""} className={controlClass()} />}
        </Field>
        <Field id="ledger-to" label={t("to")}>
          {(control) => <input {...control} type="date" name="to" defaultValue={params.to ?? ""} className={controlClass()} />}
        </Field>
        <Field id="ledger-kind" label={t("kind")}>
          {(control) => (
            <select {...control} name="kind" defaultValue={params.kind ?? ""} className={controlClass()}>
              <option value="">{t("allKinds")}</option>
              {pointsKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {tp(`kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          <Button type="submit">{t("apply")}</Button>
          <Link href="/membership/points" className={buttonClass("ghost")}>
            {t("clear")}
          </Link>
        </div>
      </form>

      <p className="mb-3 text-sm text-slate-600" role="status">
        {result.capped ? t("countCapped", { total: result.total }) : t("count", { total: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty.noMatch") : t("empty.none")} />
      ) : (
        <>
          <Table
            head={
              <>
                <Th className="hidden sm:table-cell">{t("columns.when")}</Th>
                <Th>{t("columns.member")}</Th>
                <Th>{t("columns.what")}</Th>
                <Th className="text-right">{t("columns.points")}</Th>
                <Th className="hidden md:table-cell">{t("columns.by")}</Th>
              </>
            }
          >
            {result.rows.map((entry) => (
              <tr key={entry.id}>
                <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{format.dateTime(entry.occurredAt, "dateTime")}</Td>
                <Td>
                  <Link href={`/customers/${entry.customerId}/points` as Route} className="font-medium text-brand-700 hover:underline">
                    {entry.customerName}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{formatMemberNumber(entry.memberNumber)}</span>
                </Td>
                <Td>
                  <span className="font-medium">{tp(`kinds.${entry.kind}`)}</span> · {tp(`sources.${entry.source}`)}
                  {entry.reason && !entry.reason.startsWith("campaigns:") && <span className="block text-xs text-slate-500">{entry.reason}</span>}
                  {/* On a phone the time goes here, leaving room for the points. */}
                  <span className="block text-xs whitespace-nowrap text-slate-500 sm:hidden">{format.dateTime(entry.occurredAt, "dateTime")}</span>
                </Td>
                <Td className={entry.delta < 0 ? "text-right tabular-nums whitespace-nowrap text-red-700" : "text-right tabular-nums whitespace-nowrap text-green-700"}>{tp("delta", { delta: entry.delta })}</Td>
                <Td className="hidden text-slate-600 md:table-cell">{entry.actorLabel}</Td>
              </tr>
            ))}
          </Table>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/membership/points", query, { page: page > 1 ? page : undefined })} />
        </>
      )}
    </>
  );
}
