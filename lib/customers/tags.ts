import "server-only";
import { desc, sql } from "drizzle-orm";
import { cache } from "react";
import { z } from "zod";
import { getDb } from "@/db/client";
import { customers, tagColors, tagStyles } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/validation";

export type TagColor = (typeof tagColors)[number];

/** Every tag on a live customer, with how many carry it and its colour. */
export async function listTags(actor: Actor) {
  assertCan(actor, "customers.read");
  const db = await getDb();
  const [used, styles] = await Promise.all([
    db
      .select({ name: sql<string>`tag`, count: sql<number>`count(*)::int` })
      .from(sql`${customers}, unnest(${customers.tags}) as tag`)
      .where(sql`${customers.deletedAt} is null`)
      .groupBy(sql`tag`)
      .orderBy(desc(sql`count(*)`), sql`tag`),
    db.select().from(tagStyles),
  ]);
  const colorOf = new Map(styles.map((style) => [style.name, style.color]));
  return used.map((tag) => ({ ...tag, color: colorOf.get(tag.name) ?? ("slate" as TagColor) }));
}

/** Tag → colour, once per request, for every page that shows tags. */
export const getTagColors = cache(async (): Promise<Record<string, TagColor>> => {
  const db = await getDb();
  const styles = await db.select().from(tagStyles);
  return Object.fromEntries(styles.map((style) => [style.name, style.color]));
});

const tagColorSchema = z.strictObject({
  name: z.string().trim().min(1, { error: "validation.required" }).max(40, { error: "validation.tagTooLong" }),
  color: z.enum(tagColors, { error: "validation.invalid" }),
});

export async function setTagColor(actor: Actor, input: unknown) {
  assertCan(actor, "tags.manage");
  const { name, color } = parseInput(tagColorSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(tagStyles).where(sql`${tagStyles.name} = ${name}`);
    const [after] = await tx
      .insert(tagStyles)
      .values({ name, color })
      .onConflictDoUpdate({ target: tagStyles.name, set: { color, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, actor, { action: "tag.color", entityType: "tag", entityId: name, before: before ?? null, after });
    return after!;
  });
}
