import { csvExportRoute } from "@/lib/http/route";
import { exportSalesDashboard } from "@/lib/reports/sales";

/** GET /reports/sales/export?from=…&to=…&team=…&pipeline=… → the sales dashboard's figures as a CSV download. */
export const GET = csvExportRoute(exportSalesDashboard);
