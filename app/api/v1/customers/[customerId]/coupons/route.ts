import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { membershipOperations, toCouponResource } from "@/lib/integration/api/membership";
import { listMemberCoupons } from "@/lib/membership/coupons";
import { getMembership } from "@/lib/membership/queries";

export const GET = apiRoute(membershipOperations.listCoupons, async ({ actor, params }) => {
  if (!(await getMembership(actor, params.customerId))) throw new AppError("NOT_FOUND");
  const coupons = await listMemberCoupons(actor, params.customerId);
  return { data: coupons.map(toCouponResource), nextCursor: null };
});
