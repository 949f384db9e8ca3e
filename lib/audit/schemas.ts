import { z } from "zod";
import { dayFilter } from "@/lib/validation";

/** The audit list's URL state; a bad value is dropped instead of failing the page. */
export const auditListParamsSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  entityType: z.string().trim().max(40).regex(/^[a-z_]*$/).optional().catch(undefined),
  entityId: z.string().trim().max(100).optional().catch(undefined),
  from: dayFilter,
  to: dayFilter,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditListParams = z.output<typeof auditListParamsSchema>;
