import "server-only";
import { getDb } from "@/db/client";
import { settings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { maskSecret } from "@/lib/audit/secrets";
import { assertCan, type Actor, type Permission } from "@/lib/auth/permissions";
import { publishEvent } from "@/lib/events/publish";
import { parseInput } from "@/lib/validation";
import { forgetSetting, readSetting } from "./queries";
import { settingDefinitions, type SettingKey, type SettingValue } from "./schemas";

/** A setting's value as the audit log keeps it: the fields its definition calls secret, masked. */
function audited(key: SettingKey, value: Record<string, unknown>): Record<string, unknown> {
  const definition = settingDefinitions[key];
  const secrets: readonly string[] = "secrets" in definition ? definition.secrets : [];
  return Object.fromEntries(Object.entries(value).map(([field, content]) => [field, secrets.includes(field) && typeof content === "string" ? maskSecret(content) : content]));
}

/**
 * Saves a setting, for those with the key's permission (`settings.manage`, the admins', unless its
 * definition names another), who also hear of the change.
 */
export async function updateSetting<K extends SettingKey>(actor: Actor, key: K, input: unknown): Promise<SettingValue<K>> {
  const definition = settingDefinitions[key];
  const permission: Permission = "permission" in definition ? definition.permission : "settings.manage";
  assertCan(actor, permission);
  const value = parseInput(settingDefinitions[key].schema, input) as SettingValue<K>;
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    const before = await readSetting(key, tx);
    await tx
      .insert(settings)
      .values({ key, value, updatedBy: actor.kind === "user" ? actor.userId : null })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value, updatedBy: actor.kind === "user" ? actor.userId : null, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, { action: "settings.update", entityType: "setting", entityId: key, before: audited(key, before), after: audited(key, value) });
    await publishEvent(tx, { type: "setting.updated", entityType: "setting", entityId: key, permission });
    return value;
  });
  // The page that saved it re-renders before the notification arrives: forget it here at once.
  forgetSetting(key);
  return saved;
}
