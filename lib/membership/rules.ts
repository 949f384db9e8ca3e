/**
 * The arithmetic of the membership programme: pure functions, no database. Points are whole
 * numbers; money is in minor units; fractions of a point are dropped once, at the end.
 */

/** `M-00010001`, printed on the member card and in its QR code. */
export function formatMemberNumber(number: number): string {
  return `M-${String(number).padStart(8, "0")}`;
}

/** The number inside a typed or scanned `M-00010001`, `m10001` or `M 10001`. */
export function parseMemberNumber(text: string): number | null {
  const match = /^m[-\s]?0*(\d{1,12})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

export type EarnLine = { amount: number; category?: string | null };
export type EarnCampaign = { id: string; kind: "multiplier" | "bonus"; multiplierPercent: number | null; bonusPoints: number | null; category: string | null };

export type EarnInput = {
  lines: EarnLine[];
  /** Digits after the decimal point of the currency: 2 for CNY, 0 for JPY. */
  currencyDigits: number;
  pointsPerUnit: number;
  tierMultiplierPercent: number;
  /** Campaigns running on the day of the purchase. */
  campaigns: EarnCampaign[];
};

export type EarnResult = { points: number; campaignIds: string[] };

const matches = (campaign: EarnCampaign, line: EarnLine) => campaign.category === null || campaign.category === (line.category ?? null);

/**
 * Points for a purchase: each line earns the base rate × the tier multiplier × the best multiplier
 * campaign that covers it (campaigns do not compound); each bonus campaign adds its points once
 * when any line is covered. Computed in integers, so that no amount loses or gains a point.
 */
export function earnPoints({ lines, currencyDigits, pointsPerUnit, tierMultiplierPercent, campaigns }: EarnInput): EarnResult {
  const rateHundredths = BigInt(Math.round(pointsPerUnit * 100));
  const used = new Set<string>();
  let scaled = 0n;
  for (const line of lines) {
    if (line.amount <= 0) continue;
    let best: EarnCampaign | null = null;
    for (const campaign of campaigns) {
      if (campaign.kind !== "multiplier" || !matches(campaign, line)) continue;
      if (!best || (campaign.multiplierPercent ?? 0) > (best.multiplierPercent ?? 0)) best = campaign;
    }
    if (best) used.add(best.id);
    const campaignPercent = BigInt(best?.multiplierPercent ?? 100);
    scaled += BigInt(line.amount) * rateHundredths * BigInt(tierMultiplierPercent) * campaignPercent;
  }
  // amount (minor) / 10^digits × rate/100 × tier/100 × campaign/100
  let points = scaled / (10n ** BigInt(currencyDigits) * 1_000_000n);
  for (const campaign of campaigns) {
    if (campaign.kind !== "bonus" || !lines.some((line) => line.amount > 0 && matches(campaign, line))) continue;
    points += BigInt(campaign.bonusPoints ?? 0);
    used.add(campaign.id);
  }
  return { points: Number(points), campaignIds: [...used] };
}

/**
 * What a refund takes back, so that partial refunds of one order add up to exactly what it earned
 * when the whole order is refunded: the share of the order refunded so far, less what was already
 * taken back.
 */
export function refundReversal(input: { earned: number; orderAmount: number; refundedBefore: number; refundNow: number; reversedBefore: number }): number {
  const { earned, orderAmount, refundedBefore, refundNow, reversedBefore } = input;
  if (orderAmount <= 0) return Math.max(0, earned - reversedBefore);
  const refunded = BigInt(Math.min(orderAmount, refundedBefore + refundNow));
  const due = (BigInt(earned) * refunded) / BigInt(orderAmount);
  return Math.max(0, Number(due) - reversedBefore);
}

export type TierRule = { id: string; rank: number; minSpend: number | null; minPoints: number | null };
export type Qualification = { spend: number; points: number };

/** Whether the figures reach a tier: either threshold is enough; a tier without any is held by all. */
export function qualifiesFor(tier: TierRule, { spend, points }: Qualification): boolean {
  if (tier.minSpend === null && tier.minPoints === null) return true;
  return (tier.minSpend !== null && spend >= tier.minSpend) || (tier.minPoints !== null && points >= tier.minPoints);
}

/** The best tier the figures reach (tiers in any order); the entry tier when none. */
export function qualifiedTier<T extends TierRule>(tiers: T[], figures: Qualification): T {
  const ordered = [...tiers].sort((a, b) => a.rank - b.rank);
  let best = ordered[0]!;
  for (const tier of ordered) if (qualifiesFor(tier, figures)) best = tier;
  return best;
}

/** At the anniversary review a member keeps what they qualify for, and otherwise drops one tier. */
export function reviewedRank(currentRank: number, qualifiedRank: number, ranks: number[]): number {
  if (qualifiedRank >= currentRank) return qualifiedRank;
  const below = ranks.filter((rank) => rank < currentRank).sort((a, b) => b - a)[0];
  return Math.max(qualifiedRank, below ?? currentRank);
}

/**
 * The tier after a change of the figures: a member moves up as soon as they qualify; after a refund
 * they move down to what they still qualify for, but never below the tier confirmed at the last
 * review.
 */
export function rankAfterChange(input: { currentRank: number; qualifiedRank: number; reviewedRank: number; refund: boolean }): number {
  const { currentRank, qualifiedRank, reviewedRank: floor, refund } = input;
  if (qualifiedRank > currentRank) return qualifiedRank;
  if (refund && qualifiedRank < currentRank) return Math.max(qualifiedRank, floor);
  return currentRank;
}

/** How far the figures are from a tier's thresholds: what is still to spend or earn, 0 when reached. */
export function shortfall(tier: TierRule, figures: Qualification): { spend: number | null; points: number | null } {
  return {
    spend: tier.minSpend === null ? null : Math.max(0, tier.minSpend - figures.spend),
    points: tier.minPoints === null ? null : Math.max(0, tier.minPoints - figures.points),
  };
}

export type DrawLot = { id: number; remaining: number };

/** Takes `points` from lots in the order given (oldest first): how much from which, and what is left over. */
export function planDraws(lots: DrawLot[], points: number): { draws: { lotId: number; points: number }[]; short: number } {
  const draws: { lotId: number; points: number }[] = [];
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    draws.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return { draws, short: left };
}
