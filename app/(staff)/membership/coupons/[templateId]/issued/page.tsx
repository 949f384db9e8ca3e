import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ListPagination } from "@/components/list-pagination";
import { BackLink } from "@/components/ui/back-link";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { couponStatuses } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { foundOrNotFound } from "@/lib/http/not-found";
import { getCouponTemplate, listTemplateCoupons } from "@/lib/membership/coupons";
import { formatMemberNumber } from "@/lib/membership/rules";
import { hrefWith } from "@/lib/url";

export async function generateMetadata({ params }: PageProps<"/membership/coupons/[templateId]/issued">): Promise<Metadata> {
  const actor = await requirePermission("membership.read");
  const [t, locale, template] = await Promise.all([getTranslations("membershipAdmin.couponsIssued"), getLocale(), foundOrNotFound(getCouponTemplate(actor, (await params).templateId))]);
  return { title: t("title", { name: locale === "zh-CN" && template.nameZh ? template.nameZh : template.name }) };
}

/** The coupons issued from one template, newest first, by the days they were issued on and their status. */
export default async function IssuedCouponsPage({ params, searchParams }: PageProps<"/membership/coupons/[templateId]/issued">) {
  const actor = await requirePermission("membership.read");
  const { templateId } = await params;
  const [t, locale, format, result] = await Promise.all([
    getTranslations("membershipAdmin.couponsIssued"),
    getLocale(),
    getFormatter(),
    foundOrNotFound(listTemplateCoupons(actor, templateId, await searchParams)),
  ]);
  const { template, params: filters } = result;
  const name = locale === "zh-CN" && template.nameZh ? template.nameZh : template.name;
  const base = `/membership/coupons/${template.id}/issued`;
  const query = { from: filters.from, to: filters.to, status: filters.status };

  return (
    <>
      <BackLink href={`/membership/coupons/${template.id}`}>{name}</BackLink>
      <PageHeader title={t("title", { name })} description={t("count", { total: result.total })} />

      <form method="get" action={base} aria-label={t("filters")} className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto]">
        <Field id="issued-from" label={t("from")}>
          {(control) => <input {...control} type="date" name="from" defaultValue={filters.from ?? ""} className={controlClass()} />}
        </Field>
        <Field id="issued-to" label={t("to")}>
          {(control) => <input {...control} type="date" name="to" defaultValue={filters.to ?? ""} className={controlClass()} />}
        </Field>
        <Field id="issued-status" label={t("status")}>
          {(control) => (
            <select {...control} name="status" defaultValue={filters.status ?? ""} className={controlClass()}>
              <option value="">{t("allStatuses")}</option>
              {couponStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`statuses.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          <Button type="submit">{t("apply")}</Button>
          <Link href={base as Route} className={buttonClass("ghost")}>
            {t("clear")}
          </Link>
        </div>
      </form>

      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <Table
            head={
              <>
                <Th>{t("columns.member")}</Th>
                <Th>{t("columns.status")}</Th>
                <Th className="hidden sm:table-cell">{t("columns.issued")}</Th>
                <Th className="hidden md:table-cell">{t("columns.expires")}</Th>
                <Th className="hidden md:table-cell">{t("columns.redeemed")}</Th>
              </>
            }
          >
            {result.rows.map((coupon) => (
              <tr key={coupon.id}>
                <Td>
                  <Link href={`/customers/${coupon.customerId}` as Route} className="font-medium text-brand-700 hover:underline">
                    {coupon.customerName}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{formatMemberNumber(coupon.memberNumber)}</span>
                </Td>
                <Td>{t(`statuses.${coupon.status}`)}</Td>
                <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{format.dateTime(coupon.issuedAt, "dateTime")}</Td>
                <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">{format.dateTime(coupon.expiresAt, { dateStyle: "medium" })}</Td>
                <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">{coupon.redeemedAt ? format.dateTime(coupon.redeemedAt, "dateTime") : "—"}</Td>
              </tr>
            ))}
          </Table>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith(base, query, { page: page > 1 ? page : undefined })} />
        </>
      )}
    </>
  );
}
