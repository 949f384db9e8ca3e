import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { testDatabaseUrl } from "@/db/testing/database";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor } from "@/lib/factories";
import { subscribe } from "./bus";
import { publishEvent } from "./publish";
import { canReceive, openEventStream } from "./stream";
import type { LiveEvent, LiveEventInput } from "./types";

const customerEvent = (entityId: string): LiveEventInput => ({ type: "customer.updated", entityType: "customer", entityId, permission: "customers.read" });
const settingEvent: LiveEventInput = { type: "setting.updated", entityType: "setting", entityId: "organisation", permission: "settings.manage" };

async function publish(input: LiveEventInput) {
  const db = await getDb();
  return db.transaction((tx) => publishEvent(tx, input));
}

/** Reads SSE frames from a stream until `count` events have arrived or `ms` pass. */
async function readEvents(stream: ReadableStream<Uint8Array>, count: number, ms = 3000): Promise<{ id: string; event: string; data: LiveEvent }[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const received: { id: string; event: string; data: LiveEvent }[] = [];
  let buffer = "";
  const deadline = Date.now() + ms;
  try {
    while (received.length < count && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(frame.split("\n").filter((line) => /^[a-z]+: /.test(line)).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
        if (fields.data) received.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
      }
    }
  } finally {
    await reader.cancel();
  }
  return received;
}

describe("live events", () => {
  it("reach subscribers when the transaction commits, and never when it rolls back", async () => {
    const seen: LiveEvent[] = [];
    const unsubscribe = await subscribe((event) => seen.push(event));
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await publishEvent(tx, customerEvent("rolled-back"));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const committed = await publish(customerEvent("committed"));
    await expect.poll(() => seen.map((event) => event.entityId)).toContain("committed");
    unsubscribe();
    expect(seen.map((event) => event.entityId)).not.toContain("rolled-back");
    expect(seen.find((event) => event.entityId === "committed")).toEqual(committed);
  });

  it("stream to each user only the events they may see", async () => {
    const rep: Actor = await makeActor("sales_rep");
    const admin: Actor = await makeActor("admin");
    const [repStream, adminStream] = await Promise.all([openEventStream(rep), openEventStream(admin)]);
    await publish(settingEvent);
    await publish(customerEvent("visible-to-both"));
    const [forRep, forAdmin] = await Promise.all([readEvents(repStream, 2, 1500), readEvents(adminStream, 2)]);
    expect(forRep.map((frame) => frame.event)).toEqual(["customer.updated"]);
    expect(forAdmin.map((frame) => frame.event)).toEqual(["setting.updated", "customer.updated"]);
    expect(forAdmin[1]!.id).toBe(String(forAdmin[1]!.data.id));
  });

  it("replay what a reconnecting browser missed after its Last-Event-ID", async () => {
    const rep = await makeActor("sales_rep");
    const first = await publish(customerEvent("seen-before"));
    await publish(customerEvent("missed-1"));
    await publish(settingEvent);
    await publish(customerEvent("missed-2"));
    const stream = await openEventStream(rep, { lastEventId: first.id });
    const replayed = await readEvents(stream, 2);
    expect(replayed.map((frame) => frame.data.entityId)).toEqual(["missed-1", "missed-2"]);
  });

  it("send a heartbeat comment while nothing happens", async () => {
    const rep = await makeActor("sales_rep");
    const stream = await openEventStream(rep, { heartbeatMs: 50 });
    const reader = stream.getReader();
    let text = "";
    while (!text.includes(": keep-alive")) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^retry: 3000\n\n/);
  });

  // Across processes the notification travels through the PostgreSQL server.
  it.runIf(process.env.DATABASE_URL)("published in another process, reach a stream in this one", async () => {
    const rep = await makeActor("sales_rep");
    const stream = await openEventStream(rep);
    const child = promisify(execFile)(
      path.resolve("node_modules/.bin/tsx"),
      ["--conditions=react-server", "lib/events/publish-child.fixture.ts", "from-another-process"],
      { env: { ...process.env, DATABASE_URL: testDatabaseUrl() } },
    );
    const [frames] = await Promise.all([readEvents(stream, 1, 15_000), child]);
    expect(frames.map((frame) => frame.data.entityId)).toEqual(["from-another-process"]);
  });
});

describe("what a member hears", () => {
  it("is events about their own membership, and nothing else", async () => {
    const member: Actor = { kind: "user", userId: "u", role: "member", name: "Member", ip: null, customerId: "c" };
    const own = new Set(["membership:m1"]);
    const points = (entityId: string) => ({ id: 1, type: "points.changed", entityType: "membership", entityId, permission: "membership.read" as const });
    expect(canReceive(member, points("m1"), own)).toBe(true);
    expect(canReceive(member, points("m2"), own)).toBe(false);
    expect(canReceive(member, { id: 2, ...customerEvent("m1") }, own)).toBe(false);
    expect(canReceive(await makeActor("support_agent"), points("m2"))).toBe(true);
  });
});
