import { exportCustomerData } from "@/lib/customers/privacy";
import { withActor } from "@/lib/http/route";

/** GET /customers/:id/privacy-export → everything held about the customer, as a JSON file. */
export const GET = withActor<RouteContext<"/customers/[customerId]/privacy-export">>(async (_request, actor, { params }) => {
  const data = await exportCustomerData(actor, (await params).customerId);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${data.customer.number}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
