import { z } from "zod";
import { permissionNames, type Permission } from "@/lib/auth/permissions";

/** What travels to browsers: a type and ids, never personal data. */
export const liveEventSchema = z.object({
  id: z.number().int().positive(),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  entityType: z.string(),
  entityId: z.string(),
  permission: z.enum(permissionNames as [Permission, ...Permission[]]),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventInput = Omit<LiveEvent, "id">;

export const eventsChannel = "crm_events";
