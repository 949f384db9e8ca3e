"use server";

import { revalidatePath } from "next/cache";
import { adjustPoints, enrolMember, redeemPoints, reverseRedemption, setMembershipStatus } from "@/lib/membership/commands";
import { issueCoupon, voidCoupon } from "@/lib/membership/coupons";
import { defineAction } from "@/lib/http/action";

/** Member actions on a customer's page; each re-renders the page, which hands the forms fresh idempotency keys. */
const refresh = ({ customerId }: { customerId: string }) => revalidatePath(`/customers/${customerId}`);

export const enrolMemberAction = defineAction(({ customerId }, actor) => enrolMember(actor, customerId, { via: "staff" }), refresh);

export const adjustPointsAction = defineAction(async ({ customerId, ...values }, actor) => {
  const { balance } = await adjustPoints(actor, customerId, values);
  return { customerId: customerId!, balance };
}, refresh);

export const redeemPointsAction = defineAction(async ({ customerId, ...values }, actor) => {
  const { balance } = await redeemPoints(actor, customerId, values);
  return { customerId: customerId!, balance };
}, refresh);

export const setMembershipStatusAction = defineAction(({ customerId, ...values }, actor) => setMembershipStatus(actor, customerId, values), refresh);

export const issueCouponAction = defineAction(async ({ customerId, ...values }, actor) => {
  await issueCoupon(actor, customerId, values);
  return { customerId: customerId! };
}, refresh);

export const voidCouponAction = defineAction(async ({ customerId, couponId, ...values }, actor) => {
  await voidCoupon(actor, couponId, values);
  return { customerId: customerId! };
}, refresh);

export const reverseRedemptionAction = defineAction(async ({ customerId, entryId, ...values }, actor) => {
  await reverseRedemption(actor, entryId, values);
  return { customerId: customerId! };
}, ({ customerId }) => {
  revalidatePath(`/customers/${customerId}`);
  revalidatePath(`/customers/${customerId}/points`);
});
