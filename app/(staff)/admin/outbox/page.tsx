import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { MailStatus } from "@/components/mail/mail-status";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { mailStatuses } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { listOutbox } from "@/lib/mail/queries";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("outbox"))("title") };
}

export default async function OutboxPage({ searchParams }: PageProps<"/admin/outbox">) {
  const actor = await requirePermission("outbox.read");
  const [t, format, result] = await Promise.all([getTranslations("outbox"), getFormatter(), listOutbox(actor, await searchParams)]);
  const { params } = result;
  const filters = [undefined, ...mailStatuses];

  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      {!result.smtpConfigured && (
        <p role="note" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t("noSmtp")}
        </p>
      )}
      <nav aria-label={t("title")} className="mb-4 flex flex-wrap gap-2">
        {filters.map((status) => (
          <Link
            key={status ?? "all"}
            href={hrefWith("/admin/outbox", {}, { status }) as Route}
            aria-current={status === params.status ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              status === params.status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {status ? t(`statuses.${status}`) : t("all")}
          </Link>
        ))}
      </nav>
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">{t("columns.time")}</th>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.subject")}</th>
                  <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">{t("columns.to")}</th>
                  <th scope="col" className="px-4 py-3 font-medium">{t("columns.status")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.rows.map((mail) => (
                  <tr key={mail.id} className="hover:bg-slate-50">
                    <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 sm:table-cell">{format.dateTime(mail.createdAt, "dateTime")}</td>
                    <td className="px-4 py-3">
                      <Link href={`/admin/outbox/${mail.id}`} className="font-medium text-brand-700 hover:underline">
                        {mail.subject}
                      </Link>
                      <div className="text-xs text-slate-500 md:hidden">{mail.toAddress}</div>
                    </td>
                    <td className="hidden px-4 py-3 text-slate-600 md:table-cell">{mail.toAddress}</td>
                    <td className="px-4 py-3">
                      <MailStatus status={mail.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/admin/outbox", params, { page }, { page: 1 })} />
        </>
      )}
    </>
  );
}
