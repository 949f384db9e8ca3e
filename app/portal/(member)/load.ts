import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getOwnProfile } from "@/lib/customers/self-service";
import type { UserActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMemberCoupon } from "@/lib/membership/coupons";
import { getSetting } from "@/lib/settings/queries";

/** The member's own record, read once per request however many parts of the page ask. */
export const loadOwnProfile = cache((actor: UserActor) => getOwnProfile(actor));

export const loadOrganisation = cache(() => getSetting("organisation"));

/** One of the member's own coupons, or the not-found page (also for anyone else's, or a malformed id). */
export const loadOwnCoupon = cache(async (actor: UserActor & { customerId: string }, couponId: string) => {
  try {
    return await getMemberCoupon(actor, actor.customerId, couponId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
