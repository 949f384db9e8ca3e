import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobs, webhookDeliveries } from "@/db/schema";
import { makeActor, makeCustomer, makeUser } from "@/lib/factories";
import { countWebhookOutbox } from "@/lib/integration/testing";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/integration/webhooks";
import { bulkActionsPerMinute, bulkUpdateCustomers } from "./bulk";
import { getCustomer, listCustomers } from "./queries";
import { listTimeline } from "./timeline";

describe("bulk actions", () => {
  it("add a tag to chosen customers, and remove it from everyone a filter matches", async () => {
    const rep = await makeActor("sales_rep");
    const a = await makeCustomer(rep, { name: "Bulk A", city: "Wuxi", tags: "old" });
    const b = await makeCustomer(rep, { name: "Bulk B", city: "Wuxi" });
    const c = await makeCustomer(rep, { name: "Bulk C", city: "Wuxi" });
    expect(await bulkUpdateCustomers(rep, { target: { ids: [a.id, b.id] }, action: { type: "addTag", tag: "autumn" } })).toEqual({ matched: 2, changed: 2 });
    expect((await getCustomer(rep, a.id)).tags).toEqual(["old", "autumn"]);
    expect((await getCustomer(rep, c.id)).tags).toEqual([]);
    expect((await listCustomers(rep, { tag: "autumn" })).total).toBe(2);

    const removed = await bulkUpdateCustomers(rep, { target: { filter: { city: "wuxi" } }, action: { type: "removeTag", tag: "autumn" } });
    expect(removed).toEqual({ matched: 3, changed: 2 });
    expect((await listCustomers(rep, { tag: "autumn" })).total).toBe(0);
    const history = await listTimeline(rep, a.id, { kind: "profile" });
    expect(history.entries.filter((entry) => entry.kind === "profile" && entry.change.changes.tags)).toHaveLength(3);
  });

  it("change the owner, only to someone who may own customers", async () => {
    // An admin: a manager would give the customer out of their team's sight.
    const manager = await makeActor("admin");
    const newOwner = await makeUser("sales_rep", { name: "New Owner" });
    const agent = await makeUser("support_agent");
    const customer = await makeCustomer(manager, { name: "Changing Hands" });
    await bulkUpdateCustomers(manager, { target: { ids: [customer.id] }, action: { type: "setOwner", ownerId: newOwner.id } });
    expect((await getCustomer(manager, customer.id)).ownerName).toBe("New Owner");
    await expect(
      bulkUpdateCustomers(manager, { target: { ids: [customer.id] }, action: { type: "setOwner", ownerId: agent.id } }),
    ).rejects.toMatchObject({ fieldErrors: { ownerId: ["validation.owner"] } });
  });

  it("refuse an empty selection, an empty tag, agents, and more than the rate limit", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    await expect(bulkUpdateCustomers(rep, { target: { ids: [] }, action: { type: "addTag", tag: "x" } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(bulkUpdateCustomers(rep, { target: { ids: [customer.id] }, action: { type: "addTag", tag: " " } })).rejects.toMatchObject({ code: "VALIDATION" });
    const agent = await makeActor("support_agent");
    await expect(bulkUpdateCustomers(agent, { target: { ids: [customer.id] }, action: { type: "addTag", tag: "x" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (let i = 0; i < bulkActionsPerMinute; i++) {
      await bulkUpdateCustomers(rep, { target: { ids: [customer.id] }, action: { type: i % 2 ? "removeTag" : "addTag", tag: "flip" } });
    }
    await expect(bulkUpdateCustomers(rep, { target: { ids: [customer.id] }, action: { type: "addTag", tag: "x" } })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("bulk actions and webhooks", () => {
  it("announce every customer changed, one event each, and write nothing when nobody subscribes", async () => {
    const admin = await makeActor("admin");
    const owner = await makeUser("sales_rep");
    const a = await makeCustomer(admin, { name: "Hooked A" });
    const b = await makeCustomer(admin, { name: "Hooked B" });
    const c = await makeCustomer(admin, { name: "Hooked C", tags: "hooked" });

    const before = await countWebhookOutbox();
    await bulkUpdateCustomers(admin, { target: { ids: [a.id, b.id] }, action: { type: "addTag", tag: "quiet" } });
    expect(await countWebhookOutbox()).toEqual(before);

    const endpoint = await createWebhookEndpoint(admin, { url: "https://hooks.example.com/bulk", events: ["customer.updated"] });
    try {
      // C has the tag already: it is not changed, and not announced.
      expect(await bulkUpdateCustomers(admin, { target: { ids: [a.id, b.id, c.id] }, action: { type: "addTag", tag: "hooked" } })).toEqual({ matched: 3, changed: 2 });
      await bulkUpdateCustomers(admin, { target: { ids: [a.id, b.id, c.id] }, action: { type: "setOwner", ownerId: owner.id } });
      const db = await getDb();
      const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      const data = deliveries.map((delivery) => (delivery.payload as { data: { customerId: string; tags: string[]; ownerId: string; changed: string[] } }).data);
      expect(data.filter((item) => item.changed.includes("tags")).map((item) => [item.customerId, item.tags, item.changed])).toEqual(
        expect.arrayContaining([
          [a.id, ["quiet", "hooked"], ["tags"]],
          [b.id, ["quiet", "hooked"], ["tags"]],
        ]),
      );
      expect(data.filter((item) => item.changed.includes("ownerId")).map((item) => [item.customerId, item.ownerId]).sort()).toEqual(
        [a.id, b.id, c.id].map((id) => [id, owner.id]).sort(),
      );
      expect(deliveries).toHaveLength(5);
      expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(5);
      for (const delivery of deliveries) expect(await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, delivery.id))).toHaveLength(1);
    } finally {
      await deleteWebhookEndpoint(admin, endpoint.id);
    }
  });
});
