import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { CouponCard, type WalletCoupon } from "@/components/portal/coupon-card";
import { FilterChips } from "@/components/ui/filter-chips";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireMember } from "@/lib/auth/session";
import { listMemberCoupons } from "@/lib/membership/coupons";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portal.coupons"))("title") };
}

const views = ["available", "used", "expired"] as const;
type View = (typeof views)[number];
const paramsSchema = z.object({ status: z.enum(views).catch("available") });

/** Which tab a coupon belongs in; one past its end that the nightly job has not marked yet is expired already. */
function viewOf(coupon: WalletCoupon, now: Date): View {
  if (coupon.status === "redeemed") return "used";
  if (coupon.status === "available" && coupon.expiresAt > now) return "available";
  return "expired";
}

/** The coupon wallet: what can be used now (soonest ending first), what was used, what has lapsed. */
export default async function PortalCouponsPage({ searchParams }: PageProps<"/portal/coupons">) {
  const actor = await requireMember();
  const { status } = paramsSchema.parse(await searchParams);
  const [coupons, t] = await Promise.all([listMemberCoupons(actor, actor.customerId), getTranslations("portal.coupons")]);
  const now = new Date();
  const counts = Object.fromEntries(views.map((view) => [view, 0])) as Record<View, number>;
  for (const coupon of coupons) counts[viewOf(coupon, now)]++;
  const shown = coupons.filter((coupon) => viewOf(coupon, now) === status);
  if (status === "available") shown.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());

  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <FilterChips
        look="tabs"
        label={t("tabs.label")}
        items={views.map((view) => ({
          href: view === "available" ? "/portal/coupons" : `/portal/coupons?status=${view}`,
          current: view === status,
          label: (
            <>
              {t(`tabs.${view}`)}
              <span className="text-xs font-normal text-slate-500 tabular-nums">({counts[view]})</span>
            </>
          ),
        }))}
      />
      {shown.length === 0 ? (
        <EmptyState title={t(`empty.${status}`)}>
          <p>{t("emptyHint")}</p>
          <Link href="/portal/rewards" className={buttonClass("secondary", "mt-4")}>
            {t("toRewards")}
          </Link>
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {shown.map((coupon) => (
            <li key={coupon.id}>
              <CouponCard coupon={coupon} now={now} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
