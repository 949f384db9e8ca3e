import { beforeAll, describe, expect, it } from "vitest";
import { insertFromJson } from "@/db/bulk";
import { getDb } from "@/db/client";
import { customers } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeCustomer } from "@/lib/factories";
import { getCustomer, listCountCap, listCustomers } from "./queries";

let rep: Actor;

beforeAll(async () => {
  rep = await makeActor("sales_rep");
  await makeCustomer(rep, { name: "Zhang Wei", email: "zhang.wei@example.cn", phone: "13912345678", city: "Beijing" });
  await makeCustomer(rep, { name: "李娜", email: "li.na@example.cn", phone: "13800138000", city: "Shanghai" });
  await makeCustomer(rep, { name: "Maria Garcia", email: "maria@example.es", phone: "+34 612 345 678", city: "Madrid" });
  await makeCustomer(rep, { name: "100% Organic Ltd", email: "hello@organic.example" });
  for (let i = 0; i < 26; i++) await makeCustomer(rep, { name: `Bulk ${String(i).padStart(2, "0")}` });
});

describe("listCustomers", () => {
  it("finds by partial name, case-insensitively", async () => {
    const { rows } = await listCustomers(rep, { q: "zhang" });
    expect(rows.map((row) => row.name)).toEqual(["Zhang Wei"]);
    expect((await listCustomers(rep, { q: "李" })).rows.map((row) => row.name)).toEqual(["李娜"]);
  });

  it("finds by e-mail fragment and by phone fragment in any format", async () => {
    expect((await listCustomers(rep, { q: "MARIA@" })).rows.map((row) => row.name)).toEqual(["Maria Garcia"]);
    expect((await listCustomers(rep, { q: "0013 8" })).rows.map((row) => row.name)).toEqual(["李娜"]);
    expect((await listCustomers(rep, { q: "612-345" })).rows.map((row) => row.name)).toEqual(["Maria Garcia"]);
  });

  it("treats % and _ as text", async () => {
    expect((await listCustomers(rep, { q: "100%" })).rows.map((row) => row.name)).toEqual(["100% Organic Ltd"]);
    expect((await listCustomers(rep, { q: "%" })).rows.map((row) => row.name)).toEqual(["100% Organic Ltd"]);
  });

  it("sorts and pages without overlap", async () => {
    const first = await listCustomers(rep, { q: "bulk", sort: "name", dir: "asc", pageSize: "25" });
    const second = await listCustomers(rep, { q: "bulk", sort: "name", dir: "asc", pageSize: "25", page: "2" });
    expect(first.total).toBe(26);
    expect(first.capped).toBe(false);
    expect(first.pageCount).toBe(2);
    expect(first.rows[0]!.name).toBe("Bulk 00");
    expect(second.rows.map((row) => row.name)).toEqual(["Bulk 25"]);
  });

  it("counts matches up to the cap, and past it says there are more", async () => {
    const owner = rep.kind === "user" ? rep.userId : null;
    const many = Array.from({ length: listCountCap + 1 }, (_, i) => ({ name: `Many ${i}`, tags: ["many"], ownerId: owner, createdBy: owner }));
    await insertFromJson(await getDb(), customers, many);
    const all = await listCustomers(rep, { tag: "many" });
    expect(all).toMatchObject({ total: listCountCap, capped: true, pageCount: listCountCap / 25 });
    expect(all.rows).toHaveLength(25);
    const exact = await listCustomers(rep, { tag: "many", q: "Many 1" });
    // Many 1, Many 10–19, 100–199, 1000–1999 and 10000.
    expect(exact).toMatchObject({ total: 1 + 10 + 100 + 1000 + 1, capped: false });
  });

  it("falls back to defaults for bad URL values", async () => {
    const result = await listCustomers(rep, { page: "-3", pageSize: "9999", sort: "password", dir: "sideways" });
    expect(result.params).toMatchObject({ page: 1, pageSize: 25, sort: "createdAt", dir: "desc" });
  });

  it("is forbidden to members", async () => {
    const member = await makeActor("member");
    await expect(listCustomers(member, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("personal data masking", () => {
  it("shows support agents masked e-mails and phones, in the list and the record", async () => {
    const agent = await makeActor("support_agent");
    const { rows, piiMasked } = await listCustomers(agent, { q: "13912345678" });
    expect(piiMasked).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Zhang Wei", email: "z***@example.cn", phone: "+86 139****5678" });
    const record = await getCustomer(agent, rows[0]!.id);
    expect(record).toMatchObject({ email: "z***@example.cn", phone: "+86 139****5678", piiMasked: true });
  });

  it("shows reps the real details", async () => {
    const { rows, piiMasked } = await listCustomers(rep, { q: "13912345678" });
    expect(piiMasked).toBe(false);
    expect(rows[0]).toMatchObject({ email: "zhang.wei@example.cn", phone: "+8613912345678" });
  });
});
