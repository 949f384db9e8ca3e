import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { QrCode } from "@/components/portal/qr-code";
import { portalTerms } from "@/components/portal/terms";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireMember } from "@/lib/auth/session";
import { loadOwnCoupon } from "../../load";

export async function generateMetadata({ params }: PageProps<"/portal/coupons/[couponId]">): Promise<Metadata> {
  const actor = await requireMember();
  const [coupon, terms] = await Promise.all([loadOwnCoupon(actor, (await params).couponId), portalTerms()]);
  return { title: terms.named(coupon) };
}

const statusTone = { available: "green", redeemed: "slate", expired: "amber", void: "red" } as const;

/**
 * One coupon to show at the till: its code, large and as a QR code, with what it gives and when.
 * Deliberately under no `loading.tsx`: a loading boundary streams the page with status 200 before
 * the ownership check, and someone else's coupon must answer a real 404.
 */
export default async function PortalCouponPage({ params }: PageProps<"/portal/coupons/[couponId]">) {
  const actor = await requireMember();
  const [coupon, t, tc, terms] = await Promise.all([
    loadOwnCoupon(actor, (await params).couponId),
    getTranslations("portal.coupon"),
    getTranslations("portal.coupons"),
    portalTerms(),
  ]);
  const now = new Date();
  // Past its end but not yet marked by the nightly job: it is expired all the same.
  const status = coupon.status === "available" && coupon.expiresAt <= now ? "expired" : coupon.status;
  const usable = status === "available";
  const date = (value: Date) => terms.format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });
  const item = (label: string, value: ReactNode) => (
    <div className="py-2.5">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{value}</dd>
    </div>
  );

  return (
    <>
      <BackLink href="/portal/coupons">{tc("title")}</BackLink>
      <Card className="overflow-hidden">
        <div className={usable ? "bg-brand-600 px-5 py-4 text-white" : "bg-slate-200 px-5 py-4 text-slate-800"}>
          <p className="text-2xl font-semibold break-words">{terms.offer(coupon)}</p>
          <h1 className="mt-0.5 text-base font-medium break-words">{terms.named(coupon)}</h1>
        </div>
        <div className="px-5 py-5 text-center">
          {usable ? (
            <QrCode text={coupon.code} label={t("qrLabel", { code: coupon.code })} className="mx-auto size-48" />
          ) : (
            <p className="text-sm text-slate-600">{t("notUsable")}</p>
          )}
          <p className="mt-3 text-xs font-medium tracking-wide text-slate-500 uppercase">{t("code")}</p>
          <p className={usable ? "font-mono text-2xl font-semibold tracking-wider break-all text-slate-900 select-all sm:text-3xl" : "font-mono text-2xl tracking-wider break-all text-slate-400 line-through"}>
            {coupon.code}
          </p>
          {usable && <p className="mt-2 text-xs text-slate-600">{t("showAtTill")}</p>}
        </div>
        <dl className="divide-y divide-slate-100 border-t border-slate-100 px-5 pb-2">
          {item(t("status"), <Badge tone={statusTone[status]}>{tc(`statuses.${status}`)}</Badge>)}
          {item(t("validity"), t("validRange", { from: date(coupon.validFrom), until: terms.lastDay(coupon.expiresAt, true) }))}
          {coupon.status === "redeemed" &&
            coupon.redeemedAt &&
            item(
              tc("statuses.redeemed"),
              <>
                {date(coupon.redeemedAt)}
                {coupon.discount !== null && coupon.discount > 0 && <span className="block text-green-700">{t("saved", { amount: terms.money(coupon.discount, coupon.currency) })}</span>}
              </>,
            )}
          {item(
            t("conditions"),
            <>
              <span className="block">{terms.minSpend(coupon)}</span>
              {coupon.description && <span className="mt-1 block whitespace-pre-wrap text-slate-600">{coupon.description}</span>}
            </>,
          )}
        </dl>
      </Card>
    </>
  );
}
