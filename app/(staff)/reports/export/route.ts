import { withActor } from "@/lib/http/route";
import { exportOverview } from "@/lib/reports/overview";

/** GET /reports/export?from=…&to=…&team=… → the business overview's months as a CSV download. */
export const GET = withActor(async (request, actor) => {
  const { filename, csv } = await exportOverview(actor, Object.fromEntries(new URL(request.url).searchParams));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
