import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "./client";
import { insertFromJson } from "./bulk";
import { customers } from "./schema";

describe("insertFromJson", () => {
  it("writes what insert().values() would: arrays, JSON, dates, nulls and the columns' defaults", async () => {
    const db = await getDb();
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const deletedAt = new Date("2026-03-01T08:30:00.000Z");
    await insertFromJson(db, customers, [
      { id: ids[0], name: "王小明 \"Ming\"", phone: "+8613800000000", tags: ["vip", "茶"], customFields: { size: "L", visits: 3 }, birthday: "1990-02-28", deletedAt },
      { id: ids[1], name: "O'Brien\\Ltd", phone: null, tags: [], customFields: {}, birthday: null, deletedAt: null },
    ]);
    const rows = await db.select().from(customers).where(inArray(customers.id, ids));
    const first = rows.find((row) => row.id === ids[0])!;
    const second = rows.find((row) => row.id === ids[1])!;
    expect(first).toMatchObject({ name: "王小明 \"Ming\"", phone: "+8613800000000", tags: ["vip", "茶"], customFields: { size: "L", visits: 3 }, birthday: "1990-02-28", deletedAt, kind: "person", lifecycleStage: "customer" });
    expect(second).toMatchObject({ name: "O'Brien\\Ltd", phone: null, tags: [], customFields: {}, birthday: null, deletedAt: null });
    // Numbers come from the sequence, as for any insert.
    expect(first.number).not.toBe(second.number);
    expect(first.createdAt).toBeInstanceOf(Date);
  });

  it("does nothing for no rows", async () => {
    const db = await getDb();
    const before = await db.$count(customers);
    await insertFromJson(db, customers, []);
    expect(await db.$count(customers)).toBe(before);
  });
});
