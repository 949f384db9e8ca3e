import "server-only";
import { cache } from "react";
import { getOwnProfile } from "@/lib/customers/self-service";
import type { UserActor } from "@/lib/auth/session";
import { getMemberCoupon } from "@/lib/membership/coupons";
import { foundOrNotFound } from "@/lib/http/not-found";
import { getOwnTicket } from "@/lib/service/portal";
import { getSetting } from "@/lib/settings/queries";

/** The member's own record, read once per request however many parts of the page ask. */
export const loadOwnProfile = cache((actor: UserActor) => getOwnProfile(actor));

export const loadOrganisation = cache(() => getSetting("organisation"));

/** One of the member's own coupons, or the not-found page (also for anyone else's, or a malformed id). */
export const loadOwnCoupon = cache((actor: UserActor & { customerId: string }, couponId: string) => foundOrNotFound(getMemberCoupon(actor, actor.customerId, couponId)));

/** One of the member's own requests, or the not-found page; the layout and the page share it. */
export const loadOwnTicket = cache((actor: UserActor, ticketId: string) => foundOrNotFound(getOwnTicket(actor, ticketId)));
