import type { OrderStatus } from "@/db/schema";

/** `SO-2026-000123`: the year the order was placed and its number. */
export function formatOrderNumber(number: number, placedAt: Date, timeZone: string): string {
  const year = new Intl.DateTimeFormat("en", { year: "numeric", timeZone }).format(placedAt);
  return `SO-${year}-${String(number).padStart(6, "0")}`;
}

/** The number in `SO-2026-000123` (or a bare `123`), or null when the text is not an order number. */
export function parseOrderNumber(text: string): number | null {
  const match = /^(?:SO-\d{4}-)?0*(\d{1,15})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/** `D-000123`. */
export function formatDealNumber(number: number): string {
  return `D-${String(number).padStart(6, "0")}`;
}

export function parseDealNumber(text: string): number | null {
  const match = /^(?:D-)?0*(\d{1,15})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

export type LineInput = { quantity: number; unitPrice: number; discount: number };

/** A line's amount, or null when the discount is more than the line. */
export function lineAmount({ quantity, unitPrice, discount }: LineInput): number | null {
  const gross = BigInt(quantity) * BigInt(unitPrice);
  const amount = gross - BigInt(discount);
  return amount < 0n ? null : Number(amount);
}

export type OrderFigures = { subtotal: number; couponDiscount: number; pointsValue: number; total: number };

/**
 * What an order costs: the lines after their discounts, less the coupon, less the points paid
 * with. Points are worth `pointsPerCurrencyUnit` per major unit; they pay for at most what is
 * left after the coupon, and only in whole minor units.
 */
export function orderFigures(input: {
  lineAmounts: number[];
  couponDiscount: number;
  pointsUsed: number;
  pointsPerCurrencyUnit: number;
  currencyDigits: number;
}): OrderFigures | { refusal: "pointsTooMany" | "pointsStep" } {
  const subtotal = input.lineAmounts.reduce((sum, amount) => sum + amount, 0);
  const couponDiscount = Math.min(input.couponDiscount, subtotal);
  const scaled = BigInt(input.pointsUsed) * 10n ** BigInt(input.currencyDigits);
  const rate = BigInt(input.pointsPerCurrencyUnit);
  if (scaled % rate !== 0n) return { refusal: "pointsStep" };
  const pointsValue = Number(scaled / rate);
  if (pointsValue > subtotal - couponDiscount) return { refusal: "pointsTooMany" };
  return { subtotal, couponDiscount, pointsValue, total: subtotal - couponDiscount - pointsValue };
}

/** The most points an order of `payable` minor units can take, in whole minor units. */
export function maxPointsFor(payable: number, pointsPerCurrencyUnit: number, currencyDigits: number): number {
  const perMinor = BigInt(pointsPerCurrencyUnit);
  const unit = 10n ** BigInt(currencyDigits);
  // Points worth exactly `payable`, rounded down to a number that converts without a remainder.
  const points = (BigInt(payable) * perMinor) / unit;
  const step = perMinor / gcd(perMinor, unit);
  return Number(points - (points % step));
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

export type OrderAction = "pay" | "fulfil" | "cancel" | "refund";

/** Which status each action starts from, and where it leads (a partial refund keeps the status). */
const transitions: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  pay: { from: ["pending"], to: "paid" },
  fulfil: { from: ["paid"], to: "fulfilled" },
  cancel: { from: ["pending"], to: "cancelled" },
  refund: { from: ["paid", "fulfilled"], to: "refunded" },
};

/** The status after `action`, or null when the order's status does not allow it. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus | null {
  const rule = transitions[action];
  return rule.from.includes(status) ? rule.to : null;
}

/** The actions an order in `status` offers, for the buttons on its page. */
export function allowedActions(status: OrderStatus): OrderAction[] {
  return (Object.keys(transitions) as OrderAction[]).filter((action) => nextStatus(status, action) !== null);
}

/** A deal's win probability: its own, or its stage's. */
export const effectiveProbability = (deal: { probability: number | null }, stage: { probability: number }) => deal.probability ?? stage.probability;

/** The amount weighted by the win probability, in whole minor units. */
export const weightedAmount = (amount: number, probability: number) => Number((BigInt(amount) * BigInt(probability)) / 100n);

/** A stretch of time in whole days, hours and minutes (rounded down), for "3 days 4 h". */
export function splitDuration(milliseconds: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(milliseconds / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/**
 * The steps a deal climbs in a pipeline: its open stages in order, then winning (every won stage is
 * the last step); a lost stage is no step. Maps each stage that is a step to its index.
 */
export function stageSteps(stages: { id: string; position: number; outcome: "open" | "won" | "lost" }[]): Map<string, number> {
  const open = stages.filter((stage) => stage.outcome === "open").sort((a, b) => a.position - b.position);
  const steps = new Map(open.map((stage, index) => [stage.id, index]));
  for (const stage of stages) if (stage.outcome === "won") steps.set(stage.id, open.length);
  return steps;
}

/**
 * The stages whose presence in a deal's history means it reached `stageId`: that stage's step or
 * any later one (a deal may skip stages). For a lost stage, only itself.
 */
export function stagesReaching(stages: { id: string; position: number; outcome: "open" | "won" | "lost" }[], stageId: string): string[] {
  const steps = stageSteps(stages);
  const step = steps.get(stageId);
  if (step === undefined) return stages.some((stage) => stage.id === stageId) ? [stageId] : [];
  return [...steps].filter(([, other]) => other >= step).map(([id]) => id);
}
