import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { makeUser, seedActor } from "@/lib/factories";
import { deactivateUser } from "@/lib/users/commands";
import { signInLimits, verifySignIn } from "./sign-in";

const minutes = (n: number) => n * 60 * 1000;

describe("verifySignIn", () => {
  it("accepts the right password, stored as argon2id", async () => {
    const user = await makeUser("sales_rep");
    const result = await verifySignIn({ email: user.email.toUpperCase(), password: user.password, ip: "198.51.100.1" });
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: "sales_rep" } });
    const db = await getDb();
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row!.hash.startsWith("$argon2id$")).toBe(true);
  });

  it("answers an unknown account exactly like a wrong password", async () => {
    const user = await makeUser("sales_rep");
    const wrong = await verifySignIn({ email: user.email, password: "wrong password!", ip: null });
    const unknown = await verifySignIn({ email: "nobody@example.test", password: "wrong password!", ip: null });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("locks an account after five failures, even for the right password, until the window passes", async () => {
    const user = await makeUser("manager");
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < signInLimits.perAccount; i++) {
      const at = new Date(start.getTime() + i * 1000);
      expect(await verifySignIn({ email: user.email, password: "not the password", ip: `192.0.2.${i}` }, at)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const sixth = new Date(start.getTime() + minutes(1));
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null }, sixth)).toEqual({
      ok: false,
      reason: "locked",
    });
    // Attempts during the lock do not extend it.
    const stillLocked = new Date(start.getTime() + minutes(14));
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null }, stillLocked)).ok).toBe(false);
    const after = new Date(start.getTime() + minutes(15) + 5000);
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null }, after)).ok).toBe(true);
  });

  it("starts counting again after a successful sign-in", async () => {
    const user = await makeUser("manager");
    const start = new Date("2026-03-02T10:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    for (let i = 0; i < 4; i++) await verifySignIn({ email: user.email, password: "nope nope nope", ip: null }, at(i));
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null }, at(10))).ok).toBe(true);
    for (let i = 0; i < 4; i++) await verifySignIn({ email: user.email, password: "nope nope nope", ip: null }, at(20 + i));
    expect((await verifySignIn({ email: user.email, password: user.password, ip: null }, at(30))).ok).toBe(true);
  });

  it("throttles one IP address across accounts", async () => {
    const victim = await makeUser("admin");
    const ip = "203.0.113.250";
    const now = new Date("2026-03-03T10:00:00Z");
    const db = await getDb();
    await db.insert(signInAttempts).values(
      Array.from({ length: signInLimits.perIp }, (_, i) => ({
        email: `guess-${i}@example.test`,
        ip,
        outcome: "failure" as const,
        createdAt: now,
      })),
    );
    expect(await verifySignIn({ email: victim.email, password: victim.password, ip }, now)).toEqual({
      ok: false,
      reason: "locked",
    });
    expect((await verifySignIn({ email: victim.email, password: victim.password, ip: "203.0.113.251" }, now)).ok).toBe(
      true,
    );
  });

  it("refuses a deactivated user with the same answer as a wrong password", async () => {
    const user = await makeUser("support_agent");
    await deactivateUser(seedActor, user.email);
    expect(await verifySignIn({ email: user.email, password: user.password, ip: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("verifySignIn under concurrent guessing", () => {
  it("lets no more than five wrong passwords through, however many arrive at once", async () => {
    const user = await makeUser("sales_rep");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verifySignIn({ email: user.email, password: `guess number ${i}`, ip: null })),
    );
    expect(results.filter((result) => !result.ok && result.reason === "invalid")).toHaveLength(signInLimits.perAccount);
    expect(results.filter((result) => !result.ok && result.reason === "locked")).toHaveLength(12 - signInLimits.perAccount);
  });
});
