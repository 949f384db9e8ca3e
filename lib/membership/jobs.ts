import "server-only";
import { z } from "zod";
import { systemActor } from "@/lib/auth/permissions";
import { defineJob } from "@/lib/jobs/define";
import { awardBirthdayBonuses, expirePoints, releasePendingPoints, reviewDueTiers } from "./commands";
import { expireCoupons } from "./coupons";
import { sendExpiryReminders } from "./notify";

const actor = systemActor("membership");

/** Points of lots past their expiry date leave the balance (a ledger row per lot). */
export const expirePointsJob = defineJob({
  name: "points.expire",
  payload: z.object({}).strict(),
  async run() {
    await expirePoints(actor);
  },
});

export const birthdayBonusJob = defineJob({
  name: "points.birthday",
  payload: z.object({}).strict(),
  async run() {
    await awardBirthdayBonuses(actor);
  },
});

/** Members whose anniversary has come keep their tier or drop one. */
export const reviewTiersJob = defineJob({
  name: "tiers.review",
  payload: z.object({}).strict(),
  async run() {
    await reviewDueTiers(actor);
  },
});

/** Unused coupons past their end date become expired. */
export const expireCouponsJob = defineJob({
  name: "coupons.expire",
  payload: z.object({}).strict(),
  async run() {
    await expireCoupons(actor);
  },
});

/** Members hear 30 days ahead that points will expire. */
export const expiryRemindersJob = defineJob({
  name: "points.expiry_reminders",
  payload: z.object({}).strict(),
  async run(_payload, { db }) {
    await sendExpiryReminders(db);
  },
});

/** Purchase points whose return window has ended reach the balance. */
export const releasePendingJob = defineJob({
  name: "points.release_pending",
  payload: z.object({}).strict(),
  async run() {
    await releasePendingPoints(actor);
  },
});
