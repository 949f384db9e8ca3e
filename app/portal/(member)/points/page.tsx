import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/auth/session";
import { listOwnPointsHistory } from "@/lib/membership/portal";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.points"))("title") };
}

/** Every points movement of the member, newest first, a page at a time. */
export default async function PortalPointsPage({ searchParams }: PageProps<"/portal/points">) {
  const actor = await requireMember();
  const [history, t, tp, tc, format] = await Promise.all([
    listOwnPointsHistory(actor, await searchParams),
    getTranslations("portal.points"),
    getTranslations("points"),
    getTranslations("portal.card"),
    getFormatter(),
  ]);
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {history.rows.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyHint")}</p>
          <Link href="/portal" className={buttonClass("secondary", "mt-4")}>
            {tc("title")}
          </Link>
        </EmptyState>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs">
          {history.rows.map((entry) => (
            <li key={entry.id} className="flex items-start justify-between gap-3 px-4 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium text-slate-900">
                  {tp(`kinds.${entry.kind}`)} · {tp(`sources.${entry.source}`)}
                </p>
                {entry.reason && !entry.reason.startsWith("campaigns:") && <p className="break-words text-slate-600">{entry.reason}</p>}
                <p className="text-xs text-slate-500">
                  <time dateTime={entry.occurredAt.toISOString()}>{format.dateTime(entry.occurredAt, "dateTime")}</time>
                </p>
              </div>
              <div className="shrink-0 text-right">
                <p className={entry.delta < 0 ? "font-semibold tabular-nums text-red-700" : "font-semibold tabular-nums text-green-700"}>{tp("delta", { delta: entry.delta })}</p>
                <p className="text-xs text-slate-500 tabular-nums">{t("balanceAfter", { balance: entry.balanceAfter })}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
      {history.pageCount > 1 && (
        <ListPagination page={history.page} pageCount={history.pageCount} hrefFor={(page) => hrefWith("/portal/points", {}, { page: page > 1 ? String(page) : undefined })} />
      )}
    </>
  );
}
