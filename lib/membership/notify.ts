import "server-only";
import { addDays } from "date-fns";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { customers, memberships, pointsLots, type Coupon, type CouponTemplate, type Membership, type Tier } from "@/db/schema";
import { dayIn } from "@/lib/dates";
import { env } from "@/lib/env";
import { localeSchema, type Locale } from "@/lib/i18n/locales";
import { queueMail } from "@/lib/mail/outbox";
import { readSetting } from "@/lib/settings/queries";
import { expiringSoonDays } from "./queries";

/** The e-mails a member gets about their membership: tier changes, new coupons, points about to expire. */

async function contactOf(tx: Database, membership: Pick<Membership, "customerId" | "locale">) {
  const [customer] = await tx.select({ name: customers.name, email: customers.email, erasedAt: customers.erasedAt }).from(customers).where(eq(customers.id, membership.customerId));
  if (!customer?.email || customer.erasedAt) return null;
  return { to: customer.email, name: customer.name, locale: localeSchema.catch("en").parse(membership.locale) as Locale };
}

const portalLink = (path = "/portal") => new URL(path, env.APP_URL).toString();

function longDate(instant: Date, locale: Locale, timeZone: string) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(instant);
}

export async function notifyTierChange(tx: Database, membership: Membership, tier: Tier, upgrade: boolean) {
  const contact = await contactOf(tx, membership);
  if (!contact) return;
  const { name: organisation } = await readSetting("organisation", tx);
  const zh = contact.locale === "zh-CN";
  await queueMail(tx, {
    to: contact.to,
    locale: contact.locale,
    template: "tierChanged",
    context: { name: contact.name, organisation, tier: zh ? tier.nameZh : tier.name, upgrade, benefits: zh ? tier.benefitsZh : tier.benefits, link: portalLink() },
  });
}

export async function notifyCouponIssued(tx: Database, membership: Membership, template: CouponTemplate, coupon: Coupon) {
  const contact = await contactOf(tx, membership);
  if (!contact) return;
  const { name: organisation, timeZone } = await readSetting("organisation", tx);
  await queueMail(tx, {
    to: contact.to,
    locale: contact.locale,
    template: "couponIssued",
    context: {
      name: contact.name,
      organisation,
      coupon: (contact.locale === "zh-CN" && template.nameZh) || template.name,
      code: coupon.code,
      expiresOn: longDate(coupon.expiresAt, contact.locale, timeZone),
      link: portalLink(`/portal/coupons/${coupon.id}`),
    },
  });
}

/**
 * E-mails every member whose points expire on the day `expiringSoonDays` (30) from today (in the organisation's
 * time zone), with how many. Run once a day.
 */
export async function sendExpiryReminders(db: Database, now = new Date()): Promise<number> {
  const { timeZone } = await readSetting("organisation", db);
  const target = dayIn(addDays(now, expiringSoonDays), timeZone);
  const dayStart = new Date(`${target}T00:00:00Z`);
  const due = await db
    .select({ membership: memberships, points: sql<number>`sum(${pointsLots.remaining})`.mapWith(Number), expiresAt: sql<Date>`min(${pointsLots.expiresAt})`.mapWith((value) => new Date(value)) })
    .from(pointsLots)
    .innerJoin(memberships, eq(memberships.id, pointsLots.membershipId))
    .where(
      and(
        gt(pointsLots.remaining, 0),
        eq(memberships.status, "active"),
        // The lots expiring on the target day in the organisation's zone (a day either side, then checked exactly).
        gt(pointsLots.expiresAt, addDays(dayStart, -1)),
        lte(pointsLots.expiresAt, addDays(dayStart, 2)),
      ),
    )
    .groupBy(memberships.id, sql`(${pointsLots.expiresAt} at time zone ${timeZone})::date`)
    .having(sql`(min(${pointsLots.expiresAt}) at time zone ${timeZone})::date = ${target}::date`);
  let sent = 0;
  const { name: organisation } = await readSetting("organisation", db);
  await db.transaction(async (tx) => {
    for (const row of due) {
      const contact = await contactOf(tx, row.membership);
      if (!contact) continue;
      await queueMail(tx, {
        to: contact.to,
        locale: contact.locale,
        template: "pointsExpiring",
        context: { name: contact.name, organisation, points: row.points, expiresOn: longDate(row.expiresAt, contact.locale, timeZone), link: portalLink("/portal/rewards") },
      });
      sent++;
    }
  });
  return sent;
}
