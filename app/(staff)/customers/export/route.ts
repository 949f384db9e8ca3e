import { exportCustomers } from "@/lib/customers/export";
import { withActor } from "@/lib/http/route";

/** GET /customers/export?…filters or ?segment=id → CSV download. */
export const GET = withActor(async (request, actor) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filename, stream } = await exportCustomers(actor, params);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
