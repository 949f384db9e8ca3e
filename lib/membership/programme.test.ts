import { describe, expect, it } from "vitest";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeMember, makeTiers, seedActor } from "@/lib/factories";
import { createCampaign, createTier, deleteTier, listTiers, updateCampaign, updateTier } from "./programme";

describe("tiers", () => {
  it("are kept in minor units and percent, with a clear error for each bad field", async () => {
    const admin = await makeActor("admin");
    const tier = await createTier(admin, { rank: "7", name: "Diamond", nameZh: "钻石", minSpend: "50,000.50", minPoints: "", multiplier: "2.5" });
    expect(tier).toMatchObject({ minSpend: 5_000_050, minPoints: null, multiplierPercent: 250 });
    const bad = await expectAppError(createTier(admin, { rank: "", name: "", nameZh: "x", minSpend: "12.345", multiplier: "" }), "VALIDATION");
    expect(bad.fieldErrors).toMatchObject({ rank: ["validation.required"], name: ["validation.required"], minSpend: ["validation.amount"], multiplier: ["validation.required"] });
    const taken = await expectAppError(createTier(admin, { rank: "7", name: "Again", nameZh: "再", multiplier: "1" }), "VALIDATION");
    expect(taken.fieldErrors).toEqual({ rank: ["validation.rankTaken"] });
    await expectAppError(createTier(await makeActor("sales_rep"), { rank: "8", name: "Rep", nameZh: "代表", multiplier: "1" }), "FORBIDDEN");
    const updated = await updateTier(admin, tier.id, { rank: "7", name: "Diamond", nameZh: "钻石", minPoints: "90000", multiplier: "3", benefits: "Lounge access" });
    expect(updated).toMatchObject({ minSpend: null, minPoints: 90_000, multiplierPercent: 300, benefits: "Lounge access" });
    await deleteTier(admin, tier.id);
    expect((await listTiers()).some((row) => row.id === tier.id)).toBe(false);
  });

  it("cannot remove a tier that members hold", async () => {
    await makeMember();
    const [bronze] = await makeTiers();
    await expectAppError(deleteTier(seedActor, bronze!.id), "INVALID_STATE");
    await expectAppError(deleteTier(seedActor, "nope"), "NOT_FOUND");
  });
});

describe("campaigns", () => {
  it("need the figure of their kind and real dates in order", async () => {
    const manager = await makeActor("manager");
    const campaign = await createCampaign(manager, { name: "Weekend", kind: "multiplier", multiplier: "1.5", startsOn: "2026-12-05", endsOn: "2026-12-06" });
    expect(campaign).toMatchObject({ multiplierPercent: 150, bonusPoints: null, category: null, active: true });
    const bad = await expectAppError(createCampaign(manager, { name: "Bad", kind: "bonus", startsOn: "2026-02-31", endsOn: "2026-01-01" }), "VALIDATION");
    expect(bad.fieldErrors).toMatchObject({ startsOn: ["validation.date"] });
    const order = await expectAppError(createCampaign(manager, { name: "Order", kind: "bonus", bonusPoints: "50", startsOn: "2026-03-02", endsOn: "2026-03-01" }), "VALIDATION");
    expect(order.fieldErrors).toEqual({ endsOn: ["validation.endBeforeStart"] });
    const missing = await expectAppError(createCampaign(manager, { name: "Missing", kind: "bonus", startsOn: "2026-03-01", endsOn: "2026-03-01" }), "VALIDATION");
    expect(missing.fieldErrors).toEqual({ bonusPoints: ["validation.required"] });
    expect(await updateCampaign(manager, campaign.id, { name: "Weekend", kind: "multiplier", multiplier: "2", startsOn: "2026-12-05", endsOn: "2026-12-06", active: "false" })).toMatchObject({ multiplierPercent: 200, active: false });
    await expectAppError(createCampaign(await makeActor("support_agent"), { name: "Agent", kind: "bonus", bonusPoints: 5, startsOn: "2026-03-01", endsOn: "2026-03-01" }), "FORBIDDEN");
  });
});
