import type { Route } from "next";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { portalTerms, type Offer } from "./terms";

export type WalletCoupon = Offer & {
  id: string;
  name: string;
  nameZh: string | null;
  status: "available" | "redeemed" | "void" | "expired";
  validFrom: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
};

/** One coupon in the wallet: what it gives, on what spend, until when; opens the coupon. */
export async function CouponCard({ coupon, now }: { coupon: WalletCoupon; now: Date }) {
  const [t, terms] = await Promise.all([getTranslations("portal.coupons"), portalTerms()]);
  const usable = coupon.status === "available" && coupon.expiresAt > now;
  let when: string;
  if (coupon.status === "redeemed") when = t("usedOn", { date: terms.format.dateTime(coupon.redeemedAt ?? coupon.expiresAt, { dateStyle: "medium" }) });
  else if (coupon.status === "void") when = t("cancelled");
  else if (!usable) when = t("expiredOn", { date: terms.lastDay(coupon.expiresAt) });
  else if (coupon.validFrom > now) when = t("validFrom", { date: terms.format.dateTime(coupon.validFrom, { dateStyle: "medium" }) });
  else when = t("validUntil", { date: terms.lastDay(coupon.expiresAt) });
  return (
    <Link
      href={`/portal/coupons/${coupon.id}` as Route}
      className="group flex items-stretch overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs hover:border-brand-600"
    >
      <span aria-hidden className={cn("w-2 shrink-0", usable ? "bg-brand-600" : "bg-slate-300")} />
      <span className="flex min-w-0 flex-1 items-center gap-3 p-4">
        <span className="min-w-0 flex-1">
          <span className={cn("block text-lg font-semibold break-words", usable ? "text-brand-700" : "text-slate-500")}>{terms.offer(coupon)}</span>
          <span className="block font-medium break-words text-slate-900">{terms.named(coupon)}</span>
          <span className="mt-1 block text-sm text-slate-600">{terms.minSpend(coupon)}</span>
          <span className="block text-sm text-slate-500">{when}</span>
        </span>
        <ChevronRight className="size-5 shrink-0 text-slate-400 group-hover:text-brand-700" aria-hidden />
      </span>
    </Link>
  );
}
