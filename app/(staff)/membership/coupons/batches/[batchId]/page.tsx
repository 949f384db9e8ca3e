import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { CouponBatchRefresh } from "@/components/membership/coupon-batch-refresh";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { CouponBatch } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getSegment } from "@/lib/customers/segments";
import { getCouponBatch, getCouponTemplate } from "@/lib/membership/coupons";
import { foundOrNotFound } from "@/lib/http/not-found";

const statusTones: Record<CouponBatch["status"], BadgeTone> = { queued: "slate", running: "blue", done: "green", failed: "red" };

/** The batch of the URL with its template (named in the reader's language), or the not-found page. */
const loadBatch = cache(async (actor: Actor, batchId: string, zh: boolean) => {
  const batch = await foundOrNotFound(getCouponBatch(actor, batchId));
  const template = zh ? await getCouponTemplate(actor, batch.templateId).catch(() => null) : null;
  return { ...batch, templateName: template?.nameZh || batch.templateName };
});

export async function generateMetadata({ params }: PageProps<"/membership/coupons/batches/[batchId]">): Promise<Metadata> {
  const actor = await requirePermission("coupons.issue");
  const [t, locale] = await Promise.all([getTranslations("membershipAdmin.coupons.batch"), getLocale()]);
  const batch = await loadBatch(actor, (await params).batchId, locale === "zh-CN");
  return { title: t("progressTitle", { name: batch.templateName }) };
}

export default async function CouponBatchPage({ params }: PageProps<"/membership/coupons/batches/[batchId]">) {
  const actor = await requirePermission("coupons.issue");
  const [t, tCoupons, format, locale] = await Promise.all([
    getTranslations("membershipAdmin.coupons.batch"),
    getTranslations("membershipAdmin.coupons"),
    getFormatter(),
    getLocale(),
  ]);
  const batch = await loadBatch(actor, (await params).batchId, locale === "zh-CN");
  const segment = can(actor, "customers.read") ? await getSegment(actor, batch.segmentId).catch(() => null) : null;
  const finished = batch.status === "done" || batch.status === "failed";
  const processed = batch.issued + batch.skipped;
  const percent = batch.total ? Math.round((processed / batch.total) * 100) : finished ? 100 : 0;

  return (
    <>
      {!finished && (
        <>
          {/* The job announces the end; the progress in between shows on a short poll. */}
          <LiveRefresh types={["coupon.batch_done"]} entityId={batch.id} />
          <CouponBatchRefresh />
        </>
      )}
      <BackLink href={`/membership/coupons/${batch.templateId}`}>{batch.templateName}</BackLink>
      <PageHeader
        title={t("progressTitle", { name: batch.templateName })}
        description={t("startedAt", { date: format.dateTime(batch.createdAt, "dateTime") })}
      />

      <Card className="mb-6 p-5 sm:p-6" aria-labelledby="batch-progress-heading">
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <h2 id="batch-progress-heading" className="text-base font-semibold">
            {t("progressHeading")}
          </h2>
          {/* Announced when it changes (queued → running → done), not at every count. */}
          <span role="status">
            <Badge tone={statusTones[batch.status]}>{t(`statuses.${batch.status}`)}</Badge>
          </span>
        </div>
        <dl className="mb-4 grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{t("template")}</dt>
            <dd className="mt-0.5 font-medium text-slate-900">{batch.templateName}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("segment")}</dt>
            <dd className="mt-0.5 font-medium text-slate-900">{segment?.name ?? "—"}</dd>
          </div>
        </dl>
        <div className="flex justify-between gap-4 text-sm tabular-nums">
          <span>
            {batch.status === "queued" ? t("waiting") : t("progress", { processed: format.number(processed), total: format.number(batch.total) })}
          </span>
          <span>{format.number(percent / 100, { style: "percent" })}</span>
        </div>
        <progress
          className="mt-2 h-2 w-full accent-brand-600"
          max={Math.max(batch.total, 1)}
          value={batch.total ? processed : finished ? 1 : 0}
          aria-label={t("progressLabel")}
        />
        <p className="mt-3 text-sm text-slate-700 tabular-nums">{t("counts", { issued: batch.issued, skipped: batch.skipped })}</p>
        {batch.status === "done" && (
          <p className="mt-4 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
            {t("doneBody", { issued: batch.issued, skipped: batch.skipped })}
          </p>
        )}
        {batch.status === "failed" && (
          <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {t("failedBody")}
          </p>
        )}
        {batch.skipped > 0 && <p className="mt-3 text-xs text-slate-500">{t("skippedHint")}</p>}
      </Card>

      <div className="flex flex-wrap gap-4 text-sm">
        <Link href={`/membership/coupons/${batch.templateId}`} className="text-brand-700 hover:underline">
          {t("backToTemplate", { name: batch.templateName })}
        </Link>
        <Link href="/membership/coupons" className="text-brand-700 hover:underline">
          {tCoupons("allTemplates")}
        </Link>
      </div>
    </>
  );
}
