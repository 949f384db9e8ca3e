import { csvExportRoute } from "@/lib/http/route";
import { exportRfm } from "@/lib/reports/rfm";

/** GET /reports/rfm/export?team=… → the RFM grid, a row per cell, as a CSV download. */
export const GET = csvExportRoute(exportRfm);
