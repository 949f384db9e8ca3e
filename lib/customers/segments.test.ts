import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { createTeam } from "@/lib/sales/teams";
import { exportCustomers, exportsPerMinute } from "./export";
import { listCustomers } from "./queries";
import { createSegment, deleteSegment, getSegment, listSegments } from "./segments";

let rep: Actor;
let otherRep: Actor;

beforeAll(async () => {
  const [repUser, otherUser] = [await makeUser("sales_rep", { name: "Segment Rep" }), await makeUser("sales_rep", { name: "Other Rep" })];
  // Teammates: each reads the other's customers.
  await createTeam(seedActor, { name: "Segment team", managerId: null, memberIds: [repUser.id, otherUser.id] });
  rep = actorOf(repUser);
  otherRep = actorOf(otherUser);
  await makeCustomer(rep, { name: "上海 VIP 一", city: "Shanghai", tags: "vip", lifecycleStage: "customer", phone: "13800000001", email: "one@example.cn" });
  await makeCustomer(rep, { name: "上海 Lead", city: "shanghai", tags: "vip, new", lifecycleStage: "lead" });
  await makeCustomer(otherRep, { name: "Beijing VIP", city: "Beijing", tags: "vip", source: "event" });
  await makeCustomer(otherRep, { name: "Shanghai Plain", city: "Shanghai", kind: "company" });
});

const names = async (actor: Actor, params: Record<string, string>) => (await listCustomers(actor, params)).rows.map((row) => row.name).sort();

describe("customer list filters", () => {
  it("filter by tag, city (any case), stage, source, kind and owner, together", async () => {
    expect(await names(rep, { tag: "vip", city: "SHANGHAI" })).toEqual(["上海 Lead", "上海 VIP 一"]);
    expect(await names(rep, { tag: "vip", stage: "customer", city: "Shanghai" })).toEqual(["上海 VIP 一"]);
    expect(await names(rep, { source: "event" })).toEqual(["Beijing VIP"]);
    expect(await names(rep, { kind: "company" })).toEqual(["Shanghai Plain"]);
    expect(await names(rep, { owner: "me", tag: "vip" })).toEqual(["上海 Lead", "上海 VIP 一"]);
    expect(await names(otherRep, { owner: "me", tag: "vip" })).toEqual(["Beijing VIP"]);
  });

  it("filter by creation day in the organisation's time zone, and ignore bad values", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect((await listCustomers(rep, { createdFrom: today, createdTo: today })).total).toBe(4);
    expect((await listCustomers(rep, { createdTo: "2000-01-01" })).total).toBe(0);
    expect((await listCustomers(rep, { stage: "vip", owner: "nobody", createdFrom: "yesterday" })).total).toBe(4);
    // An impossible day is no filter, not the first days of the next month.
    expect((await listCustomers(rep, { createdFrom: "2999-02-30" })).total).toBe(4);
  });
});

describe("segments", () => {
  it("save the filters under a name and re-evaluate them when opened", async () => {
    const segment = await createSegment(rep, { name: "Shanghai VIPs", filters: { tag: "vip", city: "shanghai" } });
    expect(segment.filters).toEqual({ tag: "vip", city: "shanghai" });
    const before = (await listSegments(rep)).find((row) => row.id === segment.id)!;
    expect(before.size).toBe(2);
    await makeCustomer(otherRep, { name: "Late Joiner", city: "Shanghai", tags: "vip" });
    const after = (await listSegments(rep)).find((row) => row.id === segment.id)!;
    expect(after.size).toBe(3);
    expect((await getSegment(rep, segment.id)).filter).toMatchObject({ tag: "vip", city: "shanghai" });
  });

  it("refuse a nameless, empty or duplicate segment, and agents may not save one", async () => {
    await expect(createSegment(rep, { name: " ", filters: { tag: "x" } })).rejects.toMatchObject({ fieldErrors: { name: ["validation.required"] } });
    await expect(createSegment(rep, { name: "Everyone", filters: {} })).rejects.toMatchObject({ message: "errors.segmentEmpty" });
    await createSegment(rep, { name: "Event leads", filters: { source: "event" } });
    await expect(createSegment(rep, { name: "EVENT LEADS", filters: { source: "event" } })).rejects.toMatchObject({ code: "CONFLICT" });
    const agent = await makeActor("support_agent");
    await expect(createSegment(agent, { name: "Agent's", filters: { tag: "vip" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("can be deleted, and are then not found", async () => {
    const segment = await createSegment(rep, { name: "Short-lived", filters: { kind: "company" } });
    await deleteSegment(rep, segment.id);
    await expect(getSegment(rep, segment.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteSegment(rep, segment.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

async function csvOf(actor: Actor, params: Record<string, string>) {
  const { stream } = await exportCustomers(actor, params);
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { text, rows: parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[] };
}

describe("export", () => {
  it("writes the filtered customers as UTF-8 CSV with a byte-order mark, and is audited", async () => {
    const { text, rows } = await csvOf(rep, { tag: "vip", city: "shanghai", stage: "customer", owner: "me" });
    expect(text.startsWith("\uFEFFnumber,name,kind,email,phone,country,province,city,source,stage,tags,owner,created_at\n")).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "上海 VIP 一", email: "one@example.cn", phone: "+8613800000001", owner: "Segment Rep", tags: "vip" });
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(eq(auditLog.action, "customer.export"));
    expect(entries.at(-1)!.changes.filters).toEqual({ before: null, after: { tag: "vip", city: "shanghai", stage: "customer", owner: "me" } });
  });

  it("exports a segment, across batches, with every customer once", async () => {
    for (let i = 0; i < 1005; i++) await makeCustomer(rep, { name: `Batch ${i}`, tags: "batch" });
    const segment = await createSegment(rep, { name: "Batch", filters: { tag: "batch" } });
    const { rows } = await csvOf(rep, { segment: segment.id });
    expect(rows).toHaveLength(1005);
    expect(new Set(rows.map((row) => row.number)).size).toBe(1005);
  }, 60_000);

  it("masks contact details for those without access, and is refused to agents", async () => {
    const manager = await makeActor("admin");
    const { rows } = await csvOf(manager, { q: "上海 VIP" });
    expect(rows[0]!.phone).toBe("+8613800000001");
    const agent = await makeActor("support_agent");
    await expect(exportCustomers(agent, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it(`allows ${exportsPerMinute} exports a minute per person`, async () => {
    const manager = await makeActor("manager");
    for (let i = 0; i < exportsPerMinute; i++) await exportCustomers(manager, { tag: "nothing-has-this" });
    await expect(exportCustomers(manager, {})).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});
