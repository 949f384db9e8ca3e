import { apiRoute } from "@/lib/http/api";
import { membershipAfter, orderOperations, toPaymentResource } from "@/lib/integration/api/orders";
import { getOrder, payOrder } from "@/lib/sales/orders";

export const POST = apiRoute(orderOperations.pay, async ({ actor, params }) => {
  const { order, points } = await payOrder(actor, params.orderId);
  const [detail, membership] = await Promise.all([getOrder(actor, order.id), membershipAfter(actor, order.customerId)]);
  return toPaymentResource(detail, points, membership);
});
