import { describe, expect, it } from "vitest";
import { makeActor, makeCustomer, makeUser } from "@/lib/factories";
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
