import "server-only";
import { asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { campaignKinds, memberships, pointsCampaigns, tiers, type PointsCampaign, type Tier } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, foreignKeyViolation, uniqueViolation } from "@/lib/errors";
import { readSetting } from "@/lib/settings/queries";
import { calendarDay, checkbox, decimalNumber, optionalMoney, optionalNumber, optionalText, parseInput, requiredText, uuidParam, wholeNumber } from "@/lib/validation";
import { loadTiers } from "./tiers";

/**
 * The programme's rules that admins keep: tiers and points campaigns. Changing a tier's
 * thresholds applies from the next purchase or review of each member, never retroactively.
 */

const tierSchemaFor = (currency: string) =>
  z.strictObject({
    rank: wholeNumber(0, 100),
    name: requiredText(60),
    nameZh: requiredText(60),
    minSpend: optionalMoney(currency),
    minPoints: optionalNumber(wholeNumber(0, 1_000_000_000)),
    /** Typed as a factor (`1.5`), kept in percent. */
    multiplier: decimalNumber(0, 100).transform((factor) => Math.round(factor * 100)),
    benefits: optionalText(1000),
    benefitsZh: optionalText(1000),
  });

export type TierInput = z.input<ReturnType<typeof tierSchemaFor>>;

async function parseTier(db: Database, input: unknown) {
  const { currency } = await readSetting("organisation", db);
  const values = parseInput(tierSchemaFor(currency), input);
  return {
    rank: values.rank,
    name: values.name,
    nameZh: values.nameZh,
    minSpend: values.minSpend ?? null,
    minPoints: values.minPoints ?? null,
    multiplierPercent: values.multiplier,
    benefits: values.benefits ?? "",
    benefitsZh: values.benefitsZh ?? "",
  };
}

const rankTaken = (error: unknown) => {
  if (uniqueViolation(error) === "tiers_rank_key") throw new AppError("VALIDATION", "errors.VALIDATION", { rank: ["validation.rankTaken"] });
  throw error;
};

/**
 * The tiers, lowest first, for pickers and filters. Anyone signed in may read them. Counting their
 * members (`listTiers`) reads every membership.
 */
export async function listTierChoices(): Promise<Tier[]> {
  return loadTiers(await getDb());
}

/** The tiers with how many members hold each, lowest first. Anyone signed in may read them. */
export async function listTiers() {
  const db = await getDb();
  const held = db.select({ tierId: memberships.tierId, members: count().as("members") }).from(memberships).groupBy(memberships.tierId).as("held");
  const rows = await db
    .select({ tier: tiers, members: held.members })
    .from(tiers)
    .leftJoin(held, eq(held.tierId, tiers.id))
    .orderBy(asc(tiers.rank));
  return rows.map((row) => ({ ...row.tier, members: row.members ?? 0 }));
}

export async function createTier(actor: Actor, input: unknown): Promise<Tier> {
  assertCan(actor, "membership.manage");
  const db = await getDb();
  const values = await parseTier(db, input);
  return db
    .transaction(async (tx) => {
      const [tier] = (await tx.insert(tiers).values(values).returning()) as [Tier];
      await recordAudit(tx, actor, { action: "tier.create", entityType: "tier", entityId: tier.id, after: tier });
      return tier;
    })
    .catch(rankTaken);
}

export async function updateTier(actor: Actor, tierId: unknown, input: unknown): Promise<Tier> {
  assertCan(actor, "membership.manage");
  const id = uuidParam.safeParse(tierId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const values = await parseTier(db, input);
  return db
    .transaction(async (tx) => {
      const [before] = await tx.select().from(tiers).where(eq(tiers.id, id.data)).for("update");
      if (!before) throw new AppError("NOT_FOUND");
      const [after] = (await tx.update(tiers).set(values).where(eq(tiers.id, before.id)).returning()) as [Tier];
      await recordAudit(tx, actor, { action: "tier.update", entityType: "tier", entityId: after.id, before, after });
      return after;
    })
    .catch(rankTaken);
}

/** Removes a tier that no member holds or has held. */
export async function deleteTier(actor: Actor, tierId: unknown): Promise<void> {
  assertCan(actor, "membership.manage");
  const id = uuidParam.safeParse(tierId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(tiers).where(eq(tiers.id, id.data)).for("update");
    if (!before) throw new AppError("NOT_FOUND");
    try {
      await tx.transaction(async (savepoint) => {
        await savepoint.delete(tiers).where(eq(tiers.id, before.id));
      });
    } catch (error) {
      // A membership or its tier history still refers to it (a foreign key violation).
      if (foreignKeyViolation(error)) throw new AppError("INVALID_STATE", "errors.tierInUse");
      throw error;
    }
    await recordAudit(tx, actor, { action: "tier.delete", entityType: "tier", entityId: before.id, before });
  });
}

export const campaignInputSchema = z
  .strictObject({
    name: requiredText(100),
    kind: z.enum(campaignKinds, { error: "validation.invalid" }),
    /** Kept in whole percent: the smallest that stays above zero is 0.01. */
    multiplier: optionalNumber(decimalNumber(0.01, 100)),
    bonusPoints: optionalNumber(wholeNumber(1, 1_000_000)),
    category: optionalText(100),
    startsOn: calendarDay,
    endsOn: calendarDay,
    active: checkbox.default(true),
  })
  .superRefine((campaign, context) => {
    if (campaign.endsOn < campaign.startsOn) context.addIssue({ code: "custom", path: ["endsOn"], message: "validation.endBeforeStart" });
    if (campaign.kind === "multiplier" && campaign.multiplier === undefined) context.addIssue({ code: "custom", path: ["multiplier"], message: "validation.required" });
    if (campaign.kind === "bonus" && campaign.bonusPoints === undefined) context.addIssue({ code: "custom", path: ["bonusPoints"], message: "validation.required" });
  });

function campaignValues(input: unknown) {
  const values = parseInput(campaignInputSchema, input);
  return {
    name: values.name,
    kind: values.kind,
    multiplierPercent: values.kind === "multiplier" ? Math.round(values.multiplier! * 100) : null,
    bonusPoints: values.kind === "bonus" ? values.bonusPoints! : null,
    category: values.category ?? null,
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    active: values.active,
  };
}

export async function listCampaigns(actor: Actor): Promise<PointsCampaign[]> {
  assertCan(actor, "membership.read");
  const db = await getDb();
  return db.select().from(pointsCampaigns).orderBy(desc(pointsCampaigns.startsOn), asc(pointsCampaigns.name));
}

export async function createCampaign(actor: Actor, input: unknown): Promise<PointsCampaign> {
  assertCan(actor, "membership.manage");
  const values = campaignValues(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [campaign] = (await tx.insert(pointsCampaigns).values(values).returning()) as [PointsCampaign];
    await recordAudit(tx, actor, { action: "campaign.create", entityType: "campaign", entityId: campaign.id, after: campaign });
    return campaign;
  });
}

export async function updateCampaign(actor: Actor, campaignId: unknown, input: unknown): Promise<PointsCampaign> {
  assertCan(actor, "membership.manage");
  const id = uuidParam.safeParse(campaignId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const values = campaignValues(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(pointsCampaigns).where(eq(pointsCampaigns.id, id.data)).for("update");
    if (!before) throw new AppError("NOT_FOUND");
    const [after] = (await tx.update(pointsCampaigns).set(values).where(eq(pointsCampaigns.id, before.id)).returning()) as [PointsCampaign];
    await recordAudit(tx, actor, { action: "campaign.update", entityType: "campaign", entityId: after.id, before, after });
    return after;
  });
}
