import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { BackLink } from "@/components/ui/back-link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { ReverseRedemptionButton } from "@/components/membership/points-forms";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getMembership, listPointsHistory } from "@/lib/membership/queries";
import { formatMemberNumber } from "@/lib/membership/rules";
import { hrefWith } from "@/lib/url";
import { reverseRedemptionAction } from "../../member-actions";
import { loadCustomer } from "../load";

export async function generateMetadata({ params }: PageProps<"/customers/[customerId]/points">): Promise<Metadata> {
  const actor = await requirePermission("membership.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  return { title: (await getTranslations("member.historyPage"))("title", { name: customer.name }) };
}

/** A member's whole points ledger, newest first, paged. */
export default async function PointsHistoryPage({ params, searchParams }: PageProps<"/customers/[customerId]/points">) {
  const actor = await requirePermission("membership.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  const [membership, history, t, tp, format] = await Promise.all([
    getMembership(actor, customer.id),
    listPointsHistory(actor, customer.id, await searchParams),
    getTranslations("member.historyPage"),
    getTranslations("points"),
    getFormatter(),
  ]);
  if (!membership || !history) notFound();
  const base = `/customers/${customer.id}/points`;
  const canReverse = can(actor, "points.adjust");

  return (
    <>
      <BackLink href={`/customers/${customer.id}`}>{customer.name}</BackLink>
      <PageHeader title={t("title", { name: customer.name })} description={<span className="font-mono">{formatMemberNumber(membership.number)}</span>} />
      {history.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table
          head={
            <>
              <Th>{t("when")}</Th>
              <Th>{t("what")}</Th>
              <Th className="text-right">{t("points")}</Th>
              <Th className="text-right">{t("balance")}</Th>
              <Th>{t("by")}</Th>
              {canReverse && (
                <Th>
                  <span className="sr-only">{t("actions")}</span>
                </Th>
              )}
            </>
          }
        >
          {history.rows.map((entry) => (
            <tr key={entry.id}>
              <Td className="whitespace-nowrap text-slate-600">{format.dateTime(entry.occurredAt, "dateTime")}</Td>
              <Td>
                <span className="font-medium">{tp(`kinds.${entry.kind}`)}</span> · {tp(`sources.${entry.source}`)}
                {entry.reason && !entry.reason.startsWith("campaigns:") && <span className="block text-xs text-slate-500">{entry.reason}</span>}
              </Td>
              <Td className={entry.delta < 0 ? "text-right tabular-nums text-red-700" : "text-right tabular-nums text-green-700"}>{tp("delta", { delta: entry.delta })}</Td>
              <Td className="text-right tabular-nums">{format.number(entry.balanceAfter)}</Td>
              <Td className="text-slate-600">{entry.actorLabel}</Td>
              {canReverse && (
                <Td>
                  {entry.kind === "redeem" && !history.reversedIds.has(entry.id) && (
                    <ReverseRedemptionButton action={reverseRedemptionAction} customerId={customer.id} entryId={entry.id} points={-entry.delta} />
                  )}
                </Td>
              )}
            </tr>
          ))}
        </Table>
      )}
      <ListPagination page={history.page} pageCount={history.pageCount} hrefFor={(page) => hrefWith(base, {}, { page: page > 1 ? String(page) : undefined })} />
    </>
  );
}
