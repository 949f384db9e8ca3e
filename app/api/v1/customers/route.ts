import { createCustomer } from "@/lib/customers/commands";
import { listCustomersBefore } from "@/lib/customers/queries";
import { apiRoute } from "@/lib/http/api";
import { customerOperations, toCustomerResource } from "@/lib/integration/api/customers";
import { pageOf } from "@/lib/integration/cursor";

export const GET = apiRoute(customerOperations.list, async ({ actor, query: { cursor, limit, ...filter } }) => {
  const { rows, nextCursor } = pageOf(await listCustomersBefore(actor, filter, { before: cursor, limit }), limit);
  return { data: rows.map(toCustomerResource), nextCursor };
});

export const POST = apiRoute(customerOperations.create, async ({ actor, body }) => toCustomerResource(await createCustomer(actor, body)));
