import { fakerEN as faker } from "@faker-js/faker";
import { addDays, subDays } from "date-fns";
import { asc, count, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customers, memberships, type Product } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { makeTiers, seedActor } from "@/lib/factories";
import { adjustPoints, enrolMember, expirePoints, redeemPoints } from "@/lib/membership/commands";
import { createCouponTemplate, exchangePointsForCoupon, issueCoupon } from "@/lib/membership/coupons";
import { createCampaign, listTiers } from "@/lib/membership/programme";
import { createOrder, payOrder } from "@/lib/sales/orders";
import { seedOrder } from "./sales";

/** Yearly spend in fen of each kind of member, so that every tier has members. */
const spenders = [
  { share: 0.45, yearly: [20_000, 150_000] },
  { share: 0.25, yearly: [220_000, 600_000] },
  { share: 0.2, yearly: [850_000, 1_800_000] },
  { share: 0.1, yearly: [2_100_000, 4_000_000] },
] as const;

const today = new Date("2026-11-20T10:00:00Z");

/** A refusal the demo expects now and then (too few points, a tier the coupon is not for). */
const refused = (error: unknown) => {
  if (error instanceof AppError) return null;
  throw error;
};

/**
 * The demo programme: the four tiers, a running campaign, and every other customer a member with
 * two years of purchases (skewed spend), redemptions, a refund now and then, adjustments and
 * expired points. Runs once; a database with members is left alone.
 */
export async function seedMembership(sellerOf: (ownerId: string | null) => Actor, goods: Product[]): Promise<number> {
  const db = await getDb();
  const [held] = await db.select({ n: count() }).from(memberships);
  if (held!.n > 0) return held!.n;
  await makeTiers();
  await createCampaign(seedActor, { name: "Double points on tea", kind: "multiplier", multiplier: 2, category: "tea", startsOn: "2026-11-01", endsOn: "2026-12-31" });
  await createCampaign(seedActor, { name: "Singles' Day bonus", kind: "bonus", bonusPoints: 111, startsOn: "2025-11-11", endsOn: "2025-11-11" });

  const tiers = await listTiers();
  const goldAndUp = tiers.filter((tier) => tier.rank >= 2).map((tier) => tier.id).join(",");
  const catalogue = [
    await createCouponTemplate(seedActor, { name: "¥10 off", nameZh: "立减 10 元", description: "Any purchase.", kind: "fixed", amountOff: "10", validDays: 60, pointsPrice: 100 }),
    await createCouponTemplate(seedActor, { name: "¥50 off over ¥300", nameZh: "满 300 减 50", description: "On a purchase of ¥300 or more.", kind: "fixed", amountOff: "50", minSpend: "300", validDays: 90, pointsPrice: 500, perMemberLimit: 3 }),
    await createCouponTemplate(seedActor, { name: "15% off for Gold and Platinum", nameZh: "金卡铂金卡 85 折", description: "Up to ¥80 off.", kind: "percent", percentOff: 15, maxDiscount: "80", validDays: 30, pointsPrice: 800, eligibleTierIds: goldAndUp }),
  ];
  const birthday = await createCouponTemplate(seedActor, { name: "Birthday treat ¥30", nameZh: "生日礼券 30 元", kind: "fixed", amountOff: "30", validUntil: "2027-12-31" });

  faker.seed(2026_11_25);
  const people = await db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).where(isNull(customers.deletedAt)).orderBy(asc(customers.number));
  let members = 0;
  for (const [index, person] of people.entries()) {
    if (index % 2 !== 0) continue;
    members++;
    // The customer's own rep sells to them (a rep sees only their team's customers).
    const rep = sellerOf(person.ownerId);
    await enrolMember(seedActor, person.id, { via: index % 5 === 0 ? "portal" : "staff", locale: index % 3 === 2 ? "en" : "zh-CN" });
    const kind = faker.helpers.weightedArrayElement(spenders.map((spender) => ({ weight: spender.share, value: spender })));
    const yearly = faker.number.int({ min: kind.yearly[0], max: kind.yearly[1] });
    const purchases = faker.number.int({ min: 1, max: 4 });
    for (let n = 0; n < purchases; n++) {
      // Two years back, more of it recent, so that the tier reflects the last twelve months.
      const paidAt = subDays(today, Math.floor(730 * faker.number.float({ min: 0, max: 1 }) ** 1.6));
      const amount = Math.max(990, Math.round(((yearly * 1.6) / purchases) * faker.number.float({ min: 0.4, max: 1.6 }) / 10) * 10);
      await seedOrder(rep, person.id, goods, amount, paidAt, { category: faker.datatype.boolean(0.3) ? "tea" : undefined, refund: faker.datatype.boolean(0.06) });
    }
    if (faker.datatype.boolean(0.35)) {
      await redeemPoints(rep, person.id, { points: faker.number.int({ min: 1, max: 5 }) * 100, reason: "Gift at the till", idempotencyKey: `demo-${faker.string.alphanumeric(16)}` }).catch(refused);
    }
    if (faker.datatype.boolean(0.1)) {
      await adjustPoints(seedActor, person.id, { delta: 300, reason: "Goodwill for a late delivery", idempotencyKey: `demo-${faker.string.alphanumeric(16)}` });
    }
    // Coupons: a gift now and then, some exchanged for points, some of those used.
    if (faker.datatype.boolean(0.3)) await issueCoupon(seedActor, person.id, { templateId: birthday.id, idempotencyKey: `demo-${faker.string.alphanumeric(16)}` });
    if (faker.datatype.boolean(0.4)) {
      const template = faker.helpers.arrayElement(catalogue);
      const member = { kind: "system" as const, name: "member (demo)" };
      const exchanged = await exchangePointsForCoupon(member, person.id, { templateId: template.id, idempotencyKey: `demo-${faker.string.alphanumeric(16)}` }).catch(refused);
      if (exchanged && faker.datatype.boolean(0.5)) {
        const [tea] = goods.filter((product) => product.sku === "TE-SET-104");
        await createOrder(rep, { customerId: person.id, channel: "store", lines: [{ productId: tea!.id, quantity: 1 }], couponCode: exchanged.coupon.code }, today)
          .then((order) => payOrder(rep, order.id, today))
          .catch(refused);
      }
    }
  }
  // Points from purchases over two years ago have run out.
  await expirePoints(seedActor, addDays(today, 1));
  return members;
}
