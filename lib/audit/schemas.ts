import { z } from "zod";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((day) => !Number.isNaN(Date.parse(day)));

/** The audit list's URL state; a bad value is dropped instead of failing the page. */
export const auditListParamsSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  entityType: z.string().trim().max(40).regex(/^[a-z_]*$/).optional().catch(undefined),
  entityId: z.string().trim().max(100).optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditListParams = z.output<typeof auditListParamsSchema>;
