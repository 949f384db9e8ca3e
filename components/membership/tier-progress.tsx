import { getFormatter, getTranslations } from "next-intl/server";
import type { MemberSummary, TierGoal } from "@/lib/membership/queries";

/**
 * How the tier explains itself: a bar towards the next tier with what is still needed, and what
 * keeps the current tier at the next review.
 */
export async function TierProgress({
  summary,
  money,
  tierName,
}: {
  summary: MemberSummary;
  money: (minor: number) => string;
  tierName: (tier: { name: string; nameZh: string }) => string;
}) {
  const [t, format] = await Promise.all([getTranslations("member.tier"), getFormatter()]);
  const { next, keep, figures, tier, membership } = summary;
  const reviewDate = (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const need = (goal: TierGoal) => {
    const values = { spend: goal.spend === null ? "" : money(goal.spend), points: goal.points ?? 0 };
    if (goal.spend !== null && goal.points !== null) return t("spendOrEarn", values);
    if (goal.spend !== null) return t("spend", values);
    return t("earn", values);
  };
  let ratio = 1;
  if (next) {
    const parts = [
      next.tier.minSpend ? figures.spend / next.tier.minSpend : 0,
      next.tier.minPoints ? figures.points / next.tier.minPoints : 0,
    ];
    ratio = Math.min(1, Math.max(...parts));
  }
  return (
    <div className="mt-4 space-y-2 text-sm">
      {next ? (
        <>
          <div className="flex justify-between text-xs text-slate-500">
            <span>{tierName(tier)}</span>
            <span>{tierName(next.tier)}</span>
          </div>
          <div
            role="progressbar"
            aria-label={t("progressLabel", { tier: tierName(next.tier) })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(ratio * 100)}
            className="h-2 overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full rounded-full bg-purple-600" style={{ width: `${Math.round(ratio * 100)}%` }} />
          </div>
          <p className="text-slate-700">{t("toNext", { need: need(next), tier: tierName(next.tier) })}</p>
        </>
      ) : (
        <p className="text-slate-700">{t("top", { tier: tierName(tier) })}</p>
      )}
      {keep ? (
        <p className="text-slate-700">{t("toKeep", { need: need(keep), date: reviewDate(keep.by), tier: tierName(keep.tier) })}</p>
      ) : (
        tier.rank > summary.tiers[0]!.rank && <p className="text-slate-500">{t("kept", { tier: tierName(tier), date: reviewDate(membership.nextReviewOn) })}</p>
      )}
      <p className="text-xs text-slate-500">{t("figures", { spend: money(figures.spend), points: figures.points })}</p>
    </div>
  );
}
