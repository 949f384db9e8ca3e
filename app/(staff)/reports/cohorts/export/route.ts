import { csvExportRoute } from "@/lib/http/route";
import { exportCohorts } from "@/lib/reports/cohorts";

/** GET /reports/cohorts/export?from=…&to=…&team=… → the cohort heat map as a CSV download. */
export const GET = csvExportRoute(exportCohorts);
