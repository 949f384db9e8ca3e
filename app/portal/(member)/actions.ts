"use server";

import { revalidatePath } from "next/cache";
import { signOut } from "@/lib/auth/config";
import { setOwnConsent, updateOwnProfile } from "@/lib/customers/self-service";
import { defineMemberAction } from "@/lib/http/action";
import { exchangePointsForCoupon } from "@/lib/membership/coupons";

/** Every portal change shows on every portal page (balance, header name, wallet): re-render them all. */
const refresh = () => revalidatePath("/portal", "layout");

/** Signs the member out here and everywhere, back to the portal's sign-in. */
export async function portalSignOutAction() {
  await signOut({ redirectTo: "/portal/login" });
}

/** Only "saved" goes back to the browser, not the customer row (which holds staff notes). */
export const updateOwnProfileAction = defineMemberAction(async (values, actor) => {
  await updateOwnProfile(actor, { name: values.name, phone: values.phone, birthday: values.birthday });
  return { saved: true };
}, refresh);

export const setOwnConsentAction = defineMemberAction(async (values, actor) => {
  await setOwnConsent(actor, { channel: values.channel, granted: values.granted });
  return { granted: values.granted === "true" };
}, refresh);

/** Spends points on a coupon; the page comes back with a fresh idempotency key for the next one. */
export const exchangeForCouponAction = defineMemberAction(async (values, actor) => {
  const { coupon, balance } = await exchangePointsForCoupon(actor, actor.customerId, { templateId: values.templateId, idempotencyKey: values.idempotencyKey });
  return { couponId: coupon.id, balance };
}, refresh);
