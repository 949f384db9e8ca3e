import "server-only";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { toMajorUnits } from "@/lib/money";

export type Offer = { kind: "fixed" | "percent"; amountOff: number | null; percentOff: number | null; maxDiscount: number | null; minSpend: number; currency: string };

/**
 * How the portal says money, names and what a coupon gives, in the member's language: "¥20 off",
 * "10% off, up to ¥50", "On a spend of ¥100 or more".
 */
export async function portalTerms() {
  const [t, format, locale] = await Promise.all([getTranslations("portal.offer"), getFormatter(), getLocale()]);
  const money = (minor: number, currency: string) => {
    const major = toMajorUnits(minor, currency);
    // Whole amounts without ".00": coupons read "¥20 off", not "¥20.00 off".
    const whole = Number.isInteger(major) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
    return format.number(major, { style: "currency", currency, currencyDisplay: "narrowSymbol", ...whole });
  };
  const named = (value: { name: string; nameZh: string | null }) => (locale === "zh-CN" ? (value.nameZh ?? value.name) : value.name);
  const offer = (value: Offer) => {
    if (value.kind === "fixed") return t("fixed", { amount: money(value.amountOff ?? 0, value.currency) });
    // Chinese says what is paid, not what is taken off: 15% off is "8.5折".
    const percent = value.percentOff ?? 0;
    const rate = format.number((100 - percent) / 10, { maximumFractionDigits: 1 });
    if (value.maxDiscount !== null) return t("percentCapped", { percent, rate, max: money(value.maxDiscount, value.currency) });
    return t("percent", { percent, rate });
  };
  const minSpend = (value: Offer) => (value.minSpend > 0 ? t("minSpend", { amount: money(value.minSpend, value.currency) }) : t("noMinSpend"));
  /** The last moment of a window that ends (exclusively) at `end`: a coupon "valid until 30 June" ends at midnight into 1 July. */
  const lastDay = (end: Date, withTime = false) => format.dateTime(new Date(end.getTime() - 1), withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" });
  return { money, named, offer, minSpend, lastDay, format, locale };
}
