import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { teams } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { updateSetting } from "@/lib/settings/commands";
import { serviceSettingsSchema, type ServiceSettings } from "@/lib/settings/schemas";

/**
 * The service settings' problems, each under its full path (`calendar.week.0.1.start`,
 * `policies.urgent.resolutionMinutes`, `calendar.holidays.2`), where `parseInput` would keep only
 * the top-level key (`calendar`). A form that names its fields by these paths shows every error
 * beside its own field; a problem of the whole value becomes the form's message.
 */
function validationError(error: z.ZodError): AppError {
  const fieldErrors: Record<string, string[]> = {};
  let formError: string | undefined;
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formError ??= issue.message;
      continue;
    }
    (fieldErrors[issue.path.join(".")] ??= []).push(issue.message);
  }
  return new AppError("VALIDATION", formError ?? "errors.VALIDATION", fieldErrors);
}

/**
 * Saves the service settings (SLA targets, the business calendar, which clocks run per status,
 * escalation, closing and assignment): for managers and admins (`service.manage`). Bad input is
 * refused as a whole, with field errors keyed by path; the default team must exist.
 */
export async function updateServiceSettings(actor: Actor, input: unknown): Promise<ServiceSettings> {
  assertCan(actor, "service.manage");
  const parsed = serviceSettingsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { defaultTeamId } = parsed.data;
  if (defaultTeamId) {
    const db = await getDb();
    const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, defaultTeamId));
    if (!team) throw new AppError("VALIDATION", "errors.VALIDATION", { defaultTeamId: ["validation.invalid"] });
  }
  return updateSetting(actor, "service", parsed.data);
}
