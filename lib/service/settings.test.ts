import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, events } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, seedActor } from "@/lib/factories";
import { createTeam } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { settingDefinitions, type ServiceSettings } from "@/lib/settings/schemas";
import { updateServiceSettings } from "./settings";

const defaults = settingDefinitions.service.defaults;
const office = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
];

/** Valid settings unlike the defaults in every part. */
function changed(teamId: string | null): ServiceSettings {
  return {
    calendar: {
      timeZone: "Europe/Berlin",
      week: [office, office, office, office, [{ start: "09:00", end: "15:00" }], [{ start: "10:00", end: "14:00" }], []],
      holidays: ["2026-10-01", "2026-10-02"],
      workdays: ["2026-09-27"],
    },
    policies: {
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
      high: { firstResponseMinutes: 45, resolutionMinutes: 360 },
      normal: { firstResponseMinutes: 180, resolutionMinutes: 960 },
      low: { firstResponseMinutes: 600, resolutionMinutes: 2880 },
    },
    clocks: {
      new: { firstResponse: true, resolution: true },
      open: { firstResponse: true, resolution: true },
      pending: { firstResponse: false, resolution: false },
      on_hold: { firstResponse: true, resolution: false },
    },
    soonMinutes: 30,
    autoCloseDays: 14,
    defaultTeamId: teamId,
    autoAssign: true,
  };
}

/** The settings with one part of the calendar's week replaced. */
const withWeek = (week: ServiceSettings["calendar"]["week"]) => ({ ...defaults, calendar: { ...defaults.calendar, week } });

describe("service settings", () => {
  it("are saved by a manager, read back as saved, and audited", async () => {
    const manager = await makeActor("manager");
    const team = await createTeam(seedActor, { name: `Support ${crypto.randomUUID().slice(0, 8)}`, memberIds: [] });
    const saved = await updateServiceSettings(manager, changed(team.id));
    expect(saved).toEqual(changed(team.id));
    expect(await readSetting("service")).toEqual(changed(team.id));

    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "setting"), eq(auditLog.entityId, "service")));
    expect(entry!.changes).toMatchObject({ soonMinutes: { before: 60, after: 30 }, autoCloseDays: { before: 7, after: 14 } });
    // Those who may manage the settings hear of the change, not only the admins.
    const [event] = await db.select().from(events).where(and(eq(events.type, "setting.updated"), eq(events.entityId, "service")));
    expect(event!.permission).toBe("service.manage");

    // An admin may too; no team at all is fine.
    await updateServiceSettings(await makeActor("admin"), { ...changed(null), autoAssign: false });
    expect(await readSetting("service")).toMatchObject({ defaultTeamId: null, autoAssign: false });
  });

  it("are refused to support agents and sales reps", async () => {
    const before = await readSetting("service");
    await expectAppError(updateServiceSettings(await makeActor("support_agent"), changed(null)), "FORBIDDEN");
    await expectAppError(updateServiceSettings(await makeActor("sales_rep"), changed(null)), "FORBIDDEN");
    expect(await readSetting("service")).toEqual(before);
  });

  it("refuse bad input with an error under each field's path, and change nothing", async () => {
    const manager = await makeActor("manager");
    const before = await readSetting("service");
    const refused = async (input: unknown) => (await expectAppError(updateServiceSettings(manager, input), "VALIDATION")).fieldErrors;

    // Monday's periods overlap; Tuesday starts at 25:00; Wednesday ends before it starts.
    expect(
      await refused(
        withWeek([
          [
            { start: "09:00", end: "12:00" },
            { start: "11:00", end: "14:00" },
          ],
          [{ start: "25:00", end: "18:00" }],
          [{ start: "18:00", end: "09:00" }],
          office,
          office,
          [],
          [],
        ]),
      ),
    ).toMatchObject({
      "calendar.week.0": ["validation.periodOverlap"],
      "calendar.week.1.0.start": ["validation.time"],
      "calendar.week.2.0": ["validation.periodOrder"],
    });

    expect(await refused(withWeek([[], [], [], [], [], [], []]))).toEqual({ "calendar.week": ["validation.noWorkingTime"] });

    expect(
      await refused({
        ...defaults,
        calendar: { ...defaults.calendar, timeZone: "Mars/Olympus", holidays: ["2026-02-31"] },
        policies: { ...defaults.policies, low: { firstResponseMinutes: 0, resolutionMinutes: 100_000 } },
        soonMinutes: "soon",
        autoCloseDays: 91,
      }),
    ).toEqual({
      "calendar.timeZone": ["validation.timeZone"],
      "calendar.holidays.0": ["validation.date"],
      "policies.low.firstResponseMinutes": ["validation.tooSmall"],
      "policies.low.resolutionMinutes": ["validation.tooBig"],
      soonMinutes: ["validation.decimal"],
      autoCloseDays: ["validation.tooBig"],
    });

    expect(await refused({ ...defaults, defaultTeamId: crypto.randomUUID() })).toEqual({ defaultTeamId: ["validation.invalid"] });
    expect(await refused({ ...defaults, defaultTeamId: "support" })).toEqual({ defaultTeamId: ["validation.invalid"] });

    expect(await readSetting("service")).toEqual(before);
  });
});
