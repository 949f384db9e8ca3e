import type { Session } from "next-auth";
import { describe, expect, it } from "vitest";
import { makeUser, seedActor } from "@/lib/factories";
import { deactivateUser, endSessions } from "@/lib/users/commands";
import { absoluteSessionMs, actorFromSession } from "./actor";

const sessionOf = (user: { id: string; role: Session["user"]["role"]; sessionVersion: number }): Session => ({
  user: { id: user.id, role: user.role, sessionVersion: user.sessionVersion, signedInAt: Date.now() },
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

  it("ends twelve hours after sign-in, however active the session", async () => {
    const user = await makeUser("manager");
    const session = sessionOf(user);
    expect(await actorFromSession(session, null, Date.now() + absoluteSessionMs - 60_000)).not.toBeNull();
    expect(await actorFromSession(session, null, Date.now() + absoluteSessionMs + 1)).toBeNull();
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
