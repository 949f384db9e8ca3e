import type { getFormatter } from "next-intl/server";
import type { CouponTemplate } from "@/db/schema";
import { toMajorUnits } from "@/lib/money";

type Translate = (key: string, values?: Record<string, string | number>) => string;
type Format = Awaited<ReturnType<typeof getFormatter>>;

export type CouponTemplateTerms = {
  /** What the coupon takes off: "CN¥20 off", "10% off up to CN¥50". */
  gives: string;
  /** "CN¥100", or null when any order qualifies. */
  minSpend: string | null;
  /** "30 days after issue", "until 31 Dec 2026", or both. */
  validity: string;
  /** "from 1 Dec 2026" when the window opens on a given day. */
  validFrom: string | null;
};

/** An amount of minor units: whole amounts without decimals (CN¥20), others with all of the currency's (CN¥19.50). */
export function formatCouponMoney(format: Format, minor: number, currency: string): string {
  const major = toMajorUnits(minor, currency);
  return format.number(major, { style: "currency", currency, ...(Number.isInteger(major) && { minimumFractionDigits: 0, maximumFractionDigits: 0 }) });
}

/**
 * A template's terms in words, for the list and the template's page. `t` is the
 * `membershipAdmin.coupons` translator; dates are days in the organisation's time zone (the
 * formatter's), and the stored end is exclusive, so the last valid day is the instant before it.
 */
export function couponTemplateTerms(
  template: Pick<CouponTemplate, "kind" | "amountOff" | "percentOff" | "maxDiscount" | "minSpend" | "currency" | "validFrom" | "validUntil" | "validDays">,
  { t, format }: { t: Translate; format: Format },
): CouponTemplateTerms {
  const money = (minor: number) => formatCouponMoney(format, minor, template.currency);
  const percent = template.percentOff ?? 0;
  const gives =
    template.kind === "fixed"
      ? t("gives.fixed", { amount: money(template.amountOff ?? 0) })
      : t(template.maxDiscount === null ? "gives.percent" : "gives.percentCapped", {
          percent,
          // Chinese says what is paid: 10% off is 9折.
          rate: format.number((100 - percent) / 10),
          amount: template.maxDiscount === null ? "" : money(template.maxDiscount),
        });
  const until = template.validUntil ? format.dateTime(new Date(template.validUntil.getTime() - 1), "date") : null;
  const validity =
    template.validDays && until
      ? t("validity.daysUntil", { days: template.validDays, date: until })
      : template.validDays
        ? t("validity.days", { days: template.validDays })
        : t("validity.until", { date: until ?? "" });
  return {
    gives,
    minSpend: template.minSpend > 0 ? money(template.minSpend) : null,
    validity,
    validFrom: template.validFrom ? t("validity.from", { date: format.dateTime(template.validFrom, "date") }) : null,
  };
}
