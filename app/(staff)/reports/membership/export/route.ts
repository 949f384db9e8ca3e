import { csvExportRoute } from "@/lib/http/route";
import { exportMembershipReport } from "@/lib/reports/membership";

/** GET /reports/membership/export?from=…&to=… → the membership dashboard's months as a CSV download. */
export const GET = csvExportRoute(exportMembershipReport);
