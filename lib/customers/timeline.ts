import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { alias } from "drizzle-orm/pg-core";
import {
  activities,
  auditLog,
  couponTemplates,
  coupons,
  memberships,
  orders,
  pointsLedger,
  tickets,
  tierChanges,
  tiers,
  users,
  type Activity,
  type Order,
  type PointsEntry,
  type Ticket,
} from "@/db/schema";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { formatOrderNumber } from "@/lib/sales/rules";
import { readSetting } from "@/lib/settings/queries";
import { isStorableDate, isStorableText } from "@/lib/validation";
import { visibleCustomerId } from "./queries";
import { maskEmail, maskPhone } from "./rules";

/**
 * The customer 360 timeline: one stream, newest first, merged from sources. A module adds a kind by
 * adding a source to `sources` below; nothing else changes.
 */
export const timelineKinds = ["activity", "order", "points", "coupon", "tier", "ticket", "profile"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export type TimelineEntry =
  | {
      kind: "activity";
      id: string;
      at: Date;
      activity: Pick<Activity, "kind" | "subject" | "body" | "durationMinutes"> & { authorName: string | null };
    }
  | {
      kind: "order";
      id: string;
      at: Date;
      order: Pick<Order, "number" | "status" | "channel" | "total" | "refunded" | "currency" | "pointsUsed" | "couponCode"> & { label: string };
    }
  | {
      kind: "points";
      id: string;
      at: Date;
      points: Pick<PointsEntry, "kind" | "source" | "delta" | "balanceAfter" | "reason" | "actorLabel">;
    }
  | {
      kind: "coupon";
      id: string;
      at: Date;
      coupon: { action: string; code: string; name: string; nameZh: string | null; actorLabel: string };
    }
  | {
      kind: "tier";
      id: string;
      at: Date;
      tier: { from: string | null; fromZh: string | null; to: string; toZh: string; reason: string };
    }
  | {
      kind: "ticket";
      id: string;
      at: Date;
      ticket: Pick<Ticket, "number" | "subject" | "status" | "category" | "channel" | "rating">;
    }
  | {
      kind: "profile";
      id: string;
      at: Date;
      change: { action: string; actorLabel: string; changes: Record<string, { before: unknown; after: unknown }> };
    };

/** Where a page ends: entries after it are older, or as old and further along the (kind, id) order. */
type Cursor = { at: Date; kind: TimelineKind; id: string };

type Source = {
  kind: TimelineKind;
  load(db: Database, customerId: string, before: Cursor | null, limit: number, actor: Actor): Promise<TimelineEntry[]>;
};

/** Millisecond precision on both sides, so that a cursor taken from a JS Date compares exactly. */
const ms = (column: PgColumn) => sql`date_trunc('milliseconds', ${column})`;

function beforeCursor(kind: TimelineKind, at: PgColumn, id: SQL, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  if (kind < cursor.kind) return sql`${ms(at)} <= ${cursor.at.toISOString()}::timestamptz`;
  if (kind > cursor.kind) return sql`${ms(at)} < ${cursor.at.toISOString()}::timestamptz`;
  return sql`(${ms(at)}, ${id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id})`;
}

const personalFields: Record<string, (value: string) => string> = { email: maskEmail, phone: maskPhone, contactEmail: maskEmail, contactPhone: maskPhone, otherEmail: maskEmail, otherPhone: maskPhone };

const sources: Source[] = [
  {
    kind: "activity",
    async load(db, customerId, before, limit) {
      const rows = await db
        .select({ activity: activities, authorName: users.name })
        .from(activities)
        .leftJoin(users, eq(users.id, activities.createdBy))
        .where(and(eq(activities.customerId, customerId), beforeCursor("activity", activities.occurredAt, sql`${activities.id}::text collate "C"`, before)))
        .orderBy(desc(ms(activities.occurredAt)), desc(sql`${activities.id}::text collate "C"`))
        .limit(limit);
      return rows.map(({ activity, authorName }) => ({
        kind: "activity" as const,
        id: activity.id,
        at: activity.occurredAt,
        activity: { kind: activity.kind, subject: activity.subject, body: activity.body, durationMinutes: activity.durationMinutes, authorName },
      }));
    },
  },
  {
    kind: "order",
    async load(db, customerId, before, limit, actor) {
      if (!can(actor, "orders.read")) return [];
      const id = sql`${orders.id}::text collate "C"`;
      const [rows, { timeZone }] = await Promise.all([
        db
          .select()
          .from(orders)
          .where(and(eq(orders.customerId, customerId), beforeCursor("order", orders.placedAt, id, before)))
          .orderBy(desc(ms(orders.placedAt)), desc(id))
          .limit(limit),
        readSetting("organisation", db),
      ]);
      return rows.map((order) => ({
        kind: "order" as const,
        id: order.id,
        at: order.placedAt,
        order: {
          label: formatOrderNumber(order.number, order.placedAt, timeZone),
          number: order.number,
          status: order.status,
          channel: order.channel,
          total: order.total,
          refunded: order.refunded,
          currency: order.currency,
          pointsUsed: order.pointsUsed,
          couponCode: order.couponCode,
        },
      }));
    },
  },
  {
    kind: "points",
    async load(db, customerId, before, limit) {
      const id = sql`lpad(${pointsLedger.id}::text, 20, '0') collate "C"`;
      const rows = await db
        .select({ entry: pointsLedger, key: id.mapWith(String) })
        .from(pointsLedger)
        .innerJoin(memberships, eq(memberships.id, pointsLedger.membershipId))
        .where(and(eq(memberships.customerId, customerId), beforeCursor("points", pointsLedger.occurredAt, id, before)))
        .orderBy(desc(ms(pointsLedger.occurredAt)), desc(id))
        .limit(limit);
      return rows.map(({ entry, key }) => ({
        kind: "points" as const,
        id: key,
        at: entry.occurredAt,
        points: { kind: entry.kind, source: entry.source, delta: entry.delta, balanceAfter: entry.balanceAfter, reason: entry.reason, actorLabel: entry.actorLabel },
      }));
    },
  },
  {
    // A coupon's life (issued, used, voided, expired), from the audit history of the member's coupons.
    kind: "coupon",
    async load(db, customerId, before, limit) {
      const id = sql`lpad(${auditLog.id}::text, 20, '0') collate "C"`;
      const rows = await db
        .select({ entry: auditLog, key: id.mapWith(String), code: coupons.code, name: couponTemplates.name, nameZh: couponTemplates.nameZh })
        .from(coupons)
        .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
        .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
        .innerJoin(auditLog, and(eq(auditLog.entityType, "coupon"), eq(auditLog.entityId, sql`${coupons.id}::text`)))
        .where(and(eq(memberships.customerId, customerId), beforeCursor("coupon", auditLog.createdAt, id, before)))
        .orderBy(desc(ms(auditLog.createdAt)), desc(id))
        .limit(limit);
      return rows.map(({ entry, key, code, name, nameZh }) => ({
        kind: "coupon" as const,
        id: key,
        at: entry.createdAt,
        coupon: { action: entry.action.replace("coupon.", ""), code, name, nameZh, actorLabel: entry.actorLabel },
      }));
    },
  },
  {
    kind: "tier",
    async load(db, customerId, before, limit) {
      const id = sql`lpad(${tierChanges.id}::text, 20, '0') collate "C"`;
      const from = alias(tiers, "from_tier");
      const rows = await db
        .select({ change: tierChanges, key: id.mapWith(String), from: { name: from.name, nameZh: from.nameZh }, to: { name: tiers.name, nameZh: tiers.nameZh } })
        .from(tierChanges)
        .innerJoin(memberships, eq(memberships.id, tierChanges.membershipId))
        .innerJoin(tiers, eq(tiers.id, tierChanges.toTierId))
        .leftJoin(from, eq(from.id, tierChanges.fromTierId))
        .where(and(eq(memberships.customerId, customerId), beforeCursor("tier", tierChanges.createdAt, id, before)))
        .orderBy(desc(ms(tierChanges.createdAt)), desc(id))
        .limit(limit);
      return rows.map(({ change, key, from: previous, to }) => ({
        kind: "tier" as const,
        id: key,
        at: change.createdAt,
        tier: { from: previous?.name ?? null, fromZh: previous?.nameZh ?? null, to: to.name, toZh: to.nameZh, reason: change.reason },
      }));
    },
  },
  {
    kind: "ticket",
    async load(db, customerId, before, limit, actor) {
      // Whoever may read the customer may read the customer's tickets.
      if (!can(actor, "tickets.read")) return [];
      const id = sql`${tickets.id}::text collate "C"`;
      const rows = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.customerId, customerId), beforeCursor("ticket", tickets.createdAt, id, before)))
        .orderBy(desc(ms(tickets.createdAt)), desc(id))
        .limit(limit);
      return rows.map((ticket) => ({
        kind: "ticket" as const,
        id: ticket.id,
        at: ticket.createdAt,
        ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status, category: ticket.category, channel: ticket.channel, rating: ticket.rating },
      }));
    },
  },
  {
    kind: "profile",
    async load(db, customerId, before, limit, actor) {
      const id = sql`lpad(${auditLog.id}::text, 20, '0') collate "C"`;
      const rows = await db
        .select({ entry: auditLog, key: id.mapWith(String) })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, customerId), beforeCursor("profile", auditLog.createdAt, id, before)))
        .orderBy(desc(ms(auditLog.createdAt)), desc(id))
        .limit(limit);
      const masked = !can(actor, "customers.pii.read");
      return rows.map(({ entry, key }) => ({
        kind: "profile" as const,
        id: key,
        at: entry.createdAt,
        change: {
          action: entry.action,
          actorLabel: entry.actorLabel,
          changes: Object.fromEntries(
            Object.entries(entry.changes).map(([field, change]) => {
              const mask = masked ? personalFields[field] : undefined;
              const hide = (value: unknown) => (mask && typeof value === "string" ? mask(value) : value);
              return [field, { before: hide(change.before), after: hide(change.after) }];
            }),
          ),
        },
      }));
    },
  },
];

const cursorSchema = z
  .string()
  .transform((text, context) => {
    try {
      const [at, kind, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as [string, TimelineKind, string];
      return { at: new Date(at), kind, id };
    } catch {
      context.addIssue({ code: "custom", message: "validation.invalid" });
      return z.NEVER;
    }
  })
  .pipe(z.object({ at: z.date().refine(isStorableDate), kind: z.enum(timelineKinds), id: z.string().max(64).refine(isStorableText) }));

export const timelineParamsSchema = z.object({
  kind: z.enum(timelineKinds).optional().catch(undefined),
  before: cursorSchema.optional().catch(undefined),
});

export const encodeCursor = (entry: TimelineEntry) => Buffer.from(JSON.stringify([entry.at.toISOString(), entry.kind, entry.id])).toString("base64url");

const newestFirst = (a: TimelineEntry, b: TimelineEntry) =>
  b.at.getTime() - a.at.getTime() || (a.kind === b.kind ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.kind < b.kind ? 1 : -1);

/** One page of a customer's timeline, optionally of one kind, with the cursor of the next page. */
export async function listTimeline(actor: Actor, customerId: unknown, rawParams: unknown, pageSize = 25) {
  assertCan(actor, "customers.read");
  const customer = { id: await visibleCustomerId(actor, customerId) };
  const params = timelineParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const chosen = sources.filter((source) => !params.kind || source.kind === params.kind);
  const loaded = await Promise.all(chosen.map((source) => source.load(db, customer.id, params.before ?? null, pageSize + 1, actor)));
  const merged = loaded.flat().sort(newestFirst);
  const entries = merged.slice(0, pageSize);
  return { entries, nextCursor: merged.length > pageSize ? encodeCursor(entries.at(-1)!) : null, params };
}
