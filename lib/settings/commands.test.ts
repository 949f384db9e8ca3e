import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { makeActor } from "@/lib/factories";
import { updateSetting } from "./commands";
import { readSetting } from "./queries";

describe("organisation settings", () => {
  it("reads defaults until saved, then the saved value, and audits the change", async () => {
    expect(await readSetting("organisation")).toEqual({
      name: "Member CRM",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      country: "CN",
    });
    const admin = await makeActor("admin");
    await updateSetting(admin, "organisation", { name: "Acme Retail", currency: "eur", timeZone: "Europe/Berlin", country: "de" });
    expect(await readSetting("organisation")).toEqual({
      name: "Acme Retail",
      currency: "EUR",
      timeZone: "Europe/Berlin",
      country: "DE",
    });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityType, "setting"));
    expect(entry!.changes).toMatchObject({ name: { before: "Member CRM", after: "Acme Retail" } });
  });

  it("refuses unknown currencies, zones and countries and keeps the old value", async () => {
    const admin = await makeActor("admin");
    const before = await readSetting("organisation");
    await expect(
      updateSetting(admin, "organisation", { name: "", currency: "XYZ1", timeZone: "Mars/Olympus", country: "ZZ" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: {
        name: ["validation.required"],
        currency: ["validation.currency"],
        timeZone: ["validation.timeZone"],
        country: ["validation.country"],
      },
    });
    expect(await readSetting("organisation")).toEqual(before);
  });

  it("is for admins only", async () => {
    const manager = await makeActor("manager");
    await expect(
      updateSetting(manager, "organisation", { name: "X", currency: "USD", timeZone: "UTC", country: "US" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
