import type { Session } from "next-auth";
import { describe, expect, it } from "vitest";
import { makeUser, seedActor } from "@/lib/factories";
import { deactivateUser, endSessions } from "@/lib/users/commands";
import { updateSetting } from "@/lib/settings/commands";
import { actorFromSession, sessionLapsed } from "./actor";

const sessionOf = (user: { id: string; role: Session["user"]["role"]; sessionVersion: number }): Session => ({
  user: { id: user.id, role: user.role, sessionVersion: user.sessionVersion, signedInAt: Date.now(), seenAt: Date.now() },
  expires: new Date(Date.now() + 3_600_000).toISOString(),
});

describe("actorFromSession", () => {
  it("stands for the signed-in user, with the role from the database", async () => {
    const user = await makeUser("manager");
    expect(await actorFromSession(sessionOf(user), "198.51.100.9")).toEqual({
      kind: "user",
      userId: user.id,
      role: "manager",
      name: user.name,
      ip: "198.51.100.9",
    });
    expect(await actorFromSession(null, null)).toBeNull();
  });

  it("ends after the idle limit without a request, and at the absolute limit however active (both settings)", async () => {
    const user = await makeUser("manager");
    const hour = 3_600_000;
    const signedIn = Date.now();
    const at = (signedInAt: number, seenAt: number): Session => ({ ...sessionOf(user), user: { ...sessionOf(user).user, signedInAt, seenAt } });

    // The defaults: two idle hours, twelve hours in all.
    expect(await actorFromSession(at(signedIn, signedIn), null, signedIn + 2 * hour - 60_000)).not.toBeNull();
    expect(await actorFromSession(at(signedIn, signedIn), null, signedIn + 2 * hour + 1)).toBeNull();
    expect(await actorFromSession(at(signedIn, signedIn + 11 * hour), null, signedIn + 12 * hour - 60_000)).not.toBeNull();
    expect(await actorFromSession(at(signedIn, signedIn + 11.9 * hour), null, signedIn + 12 * hour + 1)).toBeNull();

    // An organisation that wants shorter sessions sets them.
    await updateSetting(seedActor, "sessions", { idleMinutes: 15, maxHours: 1 });
    expect(await actorFromSession(at(signedIn, signedIn), null, signedIn + 16 * 60_000)).toBeNull();
    expect(await actorFromSession(at(signedIn, signedIn + 50 * 60_000), null, signedIn + hour + 1)).toBeNull();
    expect(await actorFromSession(at(signedIn, signedIn + 50 * 60_000), null, signedIn + 55 * 60_000)).not.toBeNull();
    await updateSetting(seedActor, "sessions", { idleMinutes: 120, maxHours: 12 });
  });

  it("refuses limits that make no sense, field by field", async () => {
    await expect(updateSetting(seedActor, "sessions", { idleMinutes: 600, maxHours: 2 })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { idleMinutes: ["validation.idleWithinMax"] } });
    await expect(updateSetting(seedActor, "sessions", { idleMinutes: 1, maxHours: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(sessionLapsed({ signedInAt: 0, seenAt: 0 }, { idleMinutes: 5, maxHours: 1 }, 4 * 60_000)).toBe(false);
  });

  it("stops standing for a user once deactivated", async () => {
    const user = await makeUser("sales_rep");
    const session = sessionOf(user);
    await deactivateUser(seedActor, user.email);
    expect(await actorFromSession(session, null)).toBeNull();
  });

  it("refuses sessions issued before the user's sessions were ended", async () => {
    const user = await makeUser("support_agent");
    const session = sessionOf(user);
    await endSessions(seedActor, user.id);
    expect(await actorFromSession(session, null)).toBeNull();
  });
});
