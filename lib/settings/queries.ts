import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb, type Database } from "@/db/client";
import { settings } from "@/db/schema";
import { settingDefinitions, type SettingKey, type SettingValue } from "./schemas";

/** A setting's value, or its default when it was never saved (or no longer fits its schema). */
export async function readSetting<K extends SettingKey>(key: K, db?: Database): Promise<SettingValue<K>> {
  const database = db ?? (await getDb());
  const [row] = await database.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const definition = settingDefinitions[key];
  const parsed = definition.schema.safeParse(row?.value);
  return (parsed.success ? parsed.data : definition.defaults) as SettingValue<K>;
}

/** Settings are read by most pages: once per request. */
export const getSetting = cache(<K extends SettingKey>(key: K) => readSetting(key));
