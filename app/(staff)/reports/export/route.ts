import { csvExportRoute } from "@/lib/http/route";
import { exportOverview } from "@/lib/reports/overview";

/** GET /reports/export?from=…&to=…&team=… → the business overview's months as a CSV download. */
export const GET = csvExportRoute(exportOverview);
