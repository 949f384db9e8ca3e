import { csvExportRoute } from "@/lib/http/route";
import { exportServiceReport } from "@/lib/reports/service";

/** GET /reports/service/export?from=…&to=…&team=… → the service dashboard's days as a CSV download. */
export const GET = csvExportRoute(exportServiceReport);
