import { z } from "zod";
import { monthPattern } from "@/lib/dates";
import { uuidParam } from "@/lib/validation";

/** The longest span a dashboard shows at once, in months. */
export const maxReportMonths = 36;

/**
 * A dashboard's filters as they come in the URL: a span of months (`YYYY-MM`, both included) and a
 * team (`none`: customers owned by nobody in a team). A bad value falls back to the default rather
 * than failing, so a mistyped link still opens the dashboard.
 */
export const reportParamsSchema = z.object({
  from: z.string().regex(monthPattern).optional().catch(undefined),
  to: z.string().regex(monthPattern).optional().catch(undefined),
  team: z.union([z.literal("none"), uuidParam]).optional().catch(undefined),
});

export type ReportParams = z.infer<typeof reportParamsSchema>;
