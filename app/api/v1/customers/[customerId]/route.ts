import { deleteCustomer, patchCustomer } from "@/lib/customers/commands";
import { getCustomer } from "@/lib/customers/queries";
import { apiRoute } from "@/lib/http/api";
import { customerOperations, toCustomerResource } from "@/lib/integration/api/customers";

export const GET = apiRoute(customerOperations.get, async ({ actor, params }) => toCustomerResource(await getCustomer(actor, params.customerId)));

export const PATCH = apiRoute(customerOperations.update, async ({ actor, params, body }) => toCustomerResource(await patchCustomer(actor, params.customerId, body)));

export const DELETE = apiRoute(customerOperations.remove, async ({ actor, params }) => {
  await deleteCustomer(actor, params.customerId);
});
