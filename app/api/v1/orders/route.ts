import { apiRoute } from "@/lib/http/api";
import { orderOperations, toOrderInput, toOrderResource } from "@/lib/integration/api/orders";
import { createOrder, getOrder } from "@/lib/sales/orders";

export const POST = apiRoute(orderOperations.create, async ({ actor, body }) => {
  const order = await createOrder(actor, await toOrderInput(actor, body));
  return toOrderResource(await getOrder(actor, order.id));
});
