import { apiRoute } from "@/lib/http/api";
import { couponRefusal, membershipOperations } from "@/lib/integration/api/membership";
import { validateCoupon } from "@/lib/membership/coupons";

export const POST = apiRoute(membershipOperations.validateCoupon, async ({ actor, body }) => {
  const checked = await validateCoupon(actor, body);
  if (!checked.valid) throw couponRefusal(checked.reason);
  return { valid: true, couponId: checked.couponId, templateName: checked.templateName, discount: checked.discount, currency: body.currency };
});
