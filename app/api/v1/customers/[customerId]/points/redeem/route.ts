import { apiRoute } from "@/lib/http/api";
import { ledgerKey, membershipOperations, toPointsChangeResource } from "@/lib/integration/api/membership";
import { redeemPoints } from "@/lib/membership/commands";

export const POST = apiRoute(membershipOperations.redeem, async ({ actor, params, body, idempotencyKey }) =>
  toPointsChangeResource(await redeemPoints(actor, params.customerId, { points: body.points, reason: body.reason, idempotencyKey: ledgerKey(idempotencyKey) })),
);
