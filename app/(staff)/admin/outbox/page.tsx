import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { MailStatus } from "@/components/mail/mail-status";
import { FilterChips } from "@/components/ui/filter-chips";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Th } from "@/components/ui/table";
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
      <FilterChips
        label={t("title")}
        items={filters.map((status) => ({
          href: hrefWith("/admin/outbox", {}, { status }),
          current: status === params.status,
          label: status ? t(`statuses.${status}`) : t("all"),
        }))}
      />
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <Table
            head={
              <>
                <Th className="hidden sm:table-cell">{t("columns.time")}</Th>
                <Th>{t("columns.subject")}</Th>
                <Th className="hidden md:table-cell">{t("columns.to")}</Th>
                <Th>{t("columns.status")}</Th>
              </>
            }
          >
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
          </Table>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/admin/outbox", params, { page }, { page: 1 })} />
        </>
      )}
    </>
  );
}
