import crypto from "node:crypto";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { FormAction } from "@/lib/http/action-state";
import { toMajorUnits } from "@/lib/money";
import { IssueCouponForm, VoidCouponButton } from "./coupon-forms";

const statusTone = { available: "green", redeemed: "blue", void: "slate", expired: "slate" } as const;

type MemberCoupon = {
  id: string;
  code: string;
  status: keyof typeof statusTone;
  expiresAt: Date;
  redeemedAt: Date | null;
  name: string;
  nameZh: string | null;
  kind: "fixed" | "percent";
  amountOff: number | null;
  percentOff: number | null;
  maxDiscount: number | null;
  currency: string;
};

/** The member's coupons on the customer's page, with issuing and voiding for staff who may. */
export async function MemberCoupons<I, V>({
  customerId,
  coupons,
  templates,
  canIssue,
  canVoid,
  actions,
}: {
  customerId: string;
  coupons: MemberCoupon[];
  templates: { id: string; name: string }[];
  canIssue: boolean;
  canVoid: boolean;
  actions: { issue: FormAction<I>; void: FormAction<V> };
}) {
  const [t, format, locale] = await Promise.all([getTranslations("member.coupons"), getFormatter(), getLocale()]);
  const money = (minor: number, currency: string) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });
  const gives = (coupon: MemberCoupon) =>
    coupon.kind === "fixed"
      ? t("amountOff", { amount: money(coupon.amountOff ?? 0, coupon.currency) })
      : coupon.maxDiscount
        ? t("percentOffCapped", { percent: coupon.percentOff ?? 0, cap: money(coupon.maxDiscount, coupon.currency) })
        : t("percentOff", { percent: coupon.percentOff ?? 0 });
  return (
    <Card className="p-5" aria-labelledby="coupons-heading">
      <h2 id="coupons-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      {coupons.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {coupons.map((coupon) => (
            <li key={coupon.id} className="flex items-start justify-between gap-3 py-2.5 text-sm">
              <div className="min-w-0">
                <p className="font-medium">{(locale === "zh-CN" && coupon.nameZh) || coupon.name}</p>
                <p className="text-slate-600">{gives(coupon)}</p>
                <p className="font-mono text-xs text-slate-500">{coupon.code}</p>
                <p className="text-xs text-slate-500">
                  {coupon.status === "redeemed" && coupon.redeemedAt
                    ? t("usedOn", { date: format.dateTime(coupon.redeemedAt, { dateStyle: "medium" }) })
                    : t("until", { date: format.dateTime(coupon.expiresAt, { dateStyle: "medium" }) })}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-2">
                <Badge tone={statusTone[coupon.status]}>{t(`statuses.${coupon.status}`)}</Badge>
                {canVoid && coupon.status === "available" && <VoidCouponButton action={actions.void} customerId={customerId} couponId={coupon.id} name={coupon.name} />}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canIssue && templates.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-brand-700">{t("issue")}</summary>
          <div className="mt-3">
            <IssueCouponForm action={actions.issue} customerId={customerId} templates={templates} idempotencyKey={crypto.randomUUID()} />
          </div>
        </details>
      )}
    </Card>
  );
}
