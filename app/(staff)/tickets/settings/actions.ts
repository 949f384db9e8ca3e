"use server";

import { revalidatePath } from "next/cache";
import { defineAction, type FormValues } from "@/lib/http/action";
import { updateServiceSettings } from "@/lib/service/settings";

const priorities = ["low", "normal", "high", "urgent"] as const;
const statuses = ["new", "open", "pending", "on_hold"] as const;

/** The form's entries `prefix.0`, `prefix.1`, … in order, up to the first one missing. */
function listOf(values: FormValues, prefix: string): string[] {
  const list: string[] = [];
  for (let index = 0; `${prefix}.${index}` in values; index++) list.push(values[`${prefix}.${index}`]!.trim());
  return list;
}

/** One weekday's periods, `calendar.week.<day>.<n>.start` and `.end`. */
function periodsOf(values: FormValues, day: number) {
  const periods: { start: string; end: string }[] = [];
  for (let index = 0; ; index++) {
    const base = `calendar.week.${day}.${index}`;
    if (!(`${base}.start` in values) && !(`${base}.end` in values)) return periods;
    periods.push({ start: (values[`${base}.start`] ?? "").trim(), end: (values[`${base}.end`] ?? "").trim() });
  }
}

/**
 * The settings form's flat fields, each named by its path in the settings (`calendar.week.0.1.start`,
 * `policies.urgent.firstResponseMinutes`, `clocks.pending.resolution`), put back into the settings'
 * shape. The schema checks everything else, and its errors come back under the same names, beside
 * their fields. An unticked checkbox sends nothing: false.
 */
function serviceSettingsInput(values: FormValues) {
  const ticked = (name: string) => values[name] === "on";
  return {
    calendar: {
      timeZone: values["calendar.timeZone"],
      week: Array.from({ length: 7 }, (_, day) => periodsOf(values, day)),
      holidays: listOf(values, "calendar.holidays"),
      workdays: listOf(values, "calendar.workdays"),
    },
    policies: Object.fromEntries(
      priorities.map((priority) => [
        priority,
        { firstResponseMinutes: values[`policies.${priority}.firstResponseMinutes`], resolutionMinutes: values[`policies.${priority}.resolutionMinutes`] },
      ]),
    ),
    clocks: Object.fromEntries(statuses.map((status) => [status, { firstResponse: ticked(`clocks.${status}.firstResponse`), resolution: ticked(`clocks.${status}.resolution`) }])),
    soonMinutes: values.soonMinutes,
    autoCloseDays: values.autoCloseDays,
    defaultTeamId: values.defaultTeamId || null,
    autoAssign: ticked("autoAssign"),
  };
}

/** The queues and every ticket show due times counted with these settings. */
export const updateServiceSettingsAction = defineAction(
  (values, actor) => updateServiceSettings(actor, serviceSettingsInput(values)),
  () => revalidatePath("/tickets", "layout"),
);
