import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb, type Database } from "@/db/client";
import { settings } from "@/db/schema";
import { subscribe } from "@/lib/events/bus";
import { settingDefinitions, type SettingKey, type SettingValue } from "./schemas";

/** A setting's value, or its default when it was never saved (or no longer fits its schema). */
export async function readSetting<K extends SettingKey>(key: K, db?: Database): Promise<SettingValue<K>> {
  const database = db ?? (await getDb());
  const [row] = await database.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const definition = settingDefinitions[key];
  const parsed = definition.schema.safeParse(row?.value);
  return (parsed.success ? parsed.data : definition.defaults) as SettingValue<K>;
}

/**
 * Settings as most code reads them: kept in memory, and forgotten when any instance announces a
 * change (`setting.updated`). A read that overlaps a change is not kept, so it cannot outlive it.
 */
type SettingsMemory = { values: Map<SettingKey, unknown>; generation: number; watching?: Promise<unknown> };
const state = globalThis as unknown as { __crmSettings?: SettingsMemory };
const memory: SettingsMemory = (state.__crmSettings ??= { values: new Map(), generation: 0 });

function watchChanges() {
  memory.watching ??= subscribe((event) => {
    if (event.type !== "setting.updated") return;
    memory.generation++;
    memory.values.delete(event.entityId as SettingKey);
  }).catch((error: unknown) => {
    memory.watching = undefined;
    throw error;
  });
  return memory.watching;
}

/** Drops this process's copy of `key` (other instances drop theirs on the event). */
export function forgetSetting(key: SettingKey) {
  memory.generation++;
  memory.values.delete(key);
}

export const getSetting = cache(async <K extends SettingKey>(key: K): Promise<SettingValue<K>> => {
  await watchChanges();
  if (memory.values.has(key)) return memory.values.get(key) as SettingValue<K>;
  const generation = memory.generation;
  const value = await readSetting(key);
  if (generation === memory.generation) memory.values.set(key, value);
  return value;
});
