import { apiRoute } from "@/lib/http/api";
import { orderOperations, toOrderResource } from "@/lib/integration/api/orders";
import { getOrder } from "@/lib/sales/orders";

export const GET = apiRoute(orderOperations.get, async ({ actor, params }) => toOrderResource(await getOrder(actor, params.orderId)));
