import { apiRoute } from "@/lib/http/api";
import { ledgerKey } from "@/lib/integration/api/membership";
import { membershipAfter, orderOperations, toRefundResultResource } from "@/lib/integration/api/orders";
import { getOrder, refundOrder } from "@/lib/sales/orders";

export const POST = apiRoute(orderOperations.refund, async ({ actor, params, body, idempotencyKey }) => {
  const result = await refundOrder(actor, params.orderId, { amount: body.amount, reason: body.reason, idempotencyKey: ledgerKey(idempotencyKey) });
  const [detail, membership] = await Promise.all([getOrder(actor, result.order.id), membershipAfter(actor, result.order.customerId)]);
  return toRefundResultResource(detail, result, membership);
});
