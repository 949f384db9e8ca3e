import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, opportunities, pipelineStages, pipelines } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { updateSetting } from "@/lib/settings/commands";
import { dayIn } from "@/lib/dates";
import { getForecast, listTargets, setTarget, type Forecast, type ForecastFigures } from "./forecast";
import { createTeam } from "./teams";

let customerId: string;
let pipelineId: string;
const stageIds = new Map<string, string>();

async function useTimeZone(timeZone: string) {
  await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone, country: "CN" });
}

beforeAll(async () => {
  await useTimeZone("Asia/Shanghai");
  customerId = (await makeCustomer(seedActor)).id;
  const db = await getDb();
  const [pipeline] = await db.select().from(pipelines).where(eq(pipelines.isDefault, true));
  pipelineId = pipeline!.id;
  for (const stage of await db.select().from(pipelineStages).where(eq(pipelineStages.pipelineId, pipelineId))) stageIds.set(stage.name, stage.id);
});

/** A deal as it stands, written straight to the table so that close times can be exact. */
async function deal(ownerId: string, fields: { amount: number; stage: string; closeOn?: string; closedAt?: string; probability?: number; currency?: string }) {
  const db = await getDb();
  await db.insert(opportunities).values({
    customerId,
    pipelineId,
    stageId: stageIds.get(fields.stage)!,
    title: `Deal ${fields.stage} ${fields.amount}`,
    amount: fields.amount,
    currency: fields.currency ?? "CNY",
    expectedCloseOn: fields.closeOn ?? null,
    probability: fields.probability ?? null,
    ownerId,
    closedAt: fields.closedAt ? new Date(fields.closedAt) : null,
  });
}

const rowOf = (forecast: Forecast, ownerId: string) => forecast.groups.flatMap((group) => group.rows).find((row) => row.ownerId === ownerId);
const ownerIds = (forecast: Forecast) => forecast.groups.flatMap((group) => group.rows.map((row) => row.ownerId)).sort();
const figures = (pipeline: number, weighted: number, won: number, target: number | null, attainment: number | null): ForecastFigures => ({ pipeline, weighted, won, target, attainment });

describe("getForecast", () => {
  it("adds up open, weighted and won deals per month in the organisation's time zone, with targets", async () => {
    const admin = await makeActor("admin");
    const manager = await makeUser("manager");
    const [ann, ben] = [await makeUser("sales_rep", { name: "Ann Figures" }), await makeUser("sales_rep", { name: "Ben Figures" })];
    const team = await createTeam(seedActor, { name: "Figures team", managerId: manager.id, memberIds: [ann.id, ben.id] });

    await deal(ann.id, { amount: 100_000, stage: "Proposal", closeOn: "2026-10-15" }); // 50 %
    await deal(ann.id, { amount: 33_333, stage: "Qualification", closeOn: "2026-10-31", probability: 80 }); // the deal's own 80 % beats the stage's 10 %
    await deal(ann.id, { amount: 10_001, stage: "Negotiation", closeOn: "2026-11-01" }); // 75 %: 7,500.75 rounds down
    await deal(ann.id, { amount: 50_000, stage: "Won", closeOn: "2026-10-20", closedAt: "2026-10-31T17:00:00Z" }); // 1 November in Shanghai
    await deal(ann.id, { amount: 20_000, stage: "Won", closeOn: "2026-10-20", closedAt: "2026-10-31T15:00:00Z" }); // still 31 October there
    await deal(ann.id, { amount: 70_000, stage: "Lost", closeOn: "2026-10-10", closedAt: "2026-10-10T02:00:00Z" });
    await deal(ann.id, { amount: 5_000, stage: "Proposal", closeOn: "2026-12-01" }); // after the two months asked for
    await deal(ann.id, { amount: 6_000, stage: "Proposal" }); // no close date: in no month
    await deal(ann.id, { amount: 9_999, stage: "Proposal", closeOn: "2026-10-15", currency: "USD" }); // not the organisation's money
    await deal(ben.id, { amount: 40_000, stage: "Needs analysis", closeOn: "2026-11-30" }); // 25 %
    await setTarget(admin, { userId: ann.id, month: "2026-11", amount: "1,000.00" });
    await setTarget(admin, { userId: ben.id, month: "2026-10", amount: "0" });

    const forecast = await getForecast(admin, { from: "2026-10", months: "2", team: team.id });
    expect(forecast.months).toEqual(["2026-10", "2026-11"]);
    expect(forecast.currency).toBe("CNY");
    const annRow = rowOf(forecast, ann.id)!;
    expect(annRow.months).toEqual([figures(133_333, 76_666, 20_000, null, null), figures(10_001, 7_500, 50_000, 100_000, 0.5)]);
    expect(annRow.total).toEqual(figures(143_334, 84_166, 70_000, 100_000, 0.7));
    expect(annRow.canSetTarget).toBe(true);
    const benRow = rowOf(forecast, ben.id)!;
    // A target of zero is a target, but gives no attainment.
    expect(benRow.months).toEqual([figures(0, 0, 0, 0, null), figures(40_000, 10_000, 0, null, null)]);

    expect(forecast.groups).toHaveLength(1);
    const [group] = forecast.groups;
    expect(group).toMatchObject({ teamId: team.id, teamName: "Figures team" });
    expect(group!.rows.map((row) => row.name)).toEqual(["Ann Figures", "Ben Figures"]);
    expect(group!.months).toEqual([figures(133_333, 76_666, 20_000, 0, null), figures(50_001, 17_500, 50_000, 100_000, 0.5)]);
    expect(group!.total).toEqual(figures(183_334, 94_166, 70_000, 100_000, 0.7));
    expect(forecast.monthTotals).toEqual(group!.months);
    expect(forecast.total).toEqual(group!.total);

    const three = await getForecast(admin, { from: "2026-10", months: "3", owner: ann.id });
    expect(ownerIds(three)).toEqual([ann.id]);
    expect(rowOf(three, ann.id)!.months[2]).toEqual(figures(5_000, 2_500, 0, null, null));

    // The same instant is still October in UTC.
    await useTimeZone("UTC");
    try {
      const utc = await getForecast(admin, { from: "2026-10", months: "2", owner: ann.id });
      expect(rowOf(utc, ann.id)!.months.map((month) => month.won)).toEqual([70_000, 0]);
    } finally {
      await useTimeZone("Asia/Shanghai");
    }
  });

  it("starts with the current month by default and falls back from bad parameters", async () => {
    const user = await makeUser("sales_rep");
    const rep = actorOf(user);
    const now = dayIn(new Date(), "Asia/Shanghai").slice(0, 7);
    const forecast = await getForecast(rep, {});
    expect(forecast.params).toMatchObject({ from: now, months: 3 });
    expect(forecast.months[0]).toBe(now);
    expect(forecast.months).toHaveLength(3);
    const fallback = await getForecast(rep, { from: "2026-13", months: "99", team: "x", owner: "nobody" });
    expect(fallback.params).toMatchObject({ from: now, months: 3, team: undefined, owner: undefined });
    expect((await getForecast(rep, { months: "12", from: "2026-11" })).months.at(-1)).toBe("2027-10");
    // A rep in no team sees their own row only.
    expect(ownerIds(forecast)).toEqual([user.id]);
  });

  it("shows a rep their team, a manager the teams they lead, an admin everyone", async () => {
    const admin = await makeActor("admin");
    const lead = await makeUser("manager");
    const [cat, dan, eve, fay] = await Promise.all(["Cat", "Dan", "Eve", "Fay"].map((name) => makeUser("sales_rep", { name: `${name} Scope` })));
    const north = await createTeam(seedActor, { name: "Scope north", managerId: lead.id, memberIds: [cat!.id, dan!.id] });
    const south = await createTeam(seedActor, { name: "Scope south", managerId: lead.id, memberIds: [eve!.id] });
    await createTeam(seedActor, { name: "Scope west", memberIds: [fay!.id] });
    for (const rep of [cat!, dan!, eve!, fay!]) await deal(rep.id, { amount: 1_000, stage: "Proposal", closeOn: "2027-03-10" });
    const params = { from: "2027-03", months: "1" };

    const asCat = await getForecast(actorOf(cat!), params);
    expect(ownerIds(asCat)).toEqual([cat!.id, dan!.id].sort());
    expect(asCat.options.teams).toEqual([{ id: north.id, name: "Scope north" }]);
    expect(rowOf(asCat, cat!.id)!.canSetTarget).toBe(false);
    expect(ownerIds(await getForecast(actorOf(cat!), { ...params, owner: eve!.id }))).toEqual([]);

    const asLead = await getForecast(actorOf(lead), params);
    expect(ownerIds(asLead)).toEqual([lead.id, cat!.id, dan!.id, eve!.id].sort());
    expect(asLead.groups.map((group) => group.teamName)).toEqual(["Scope north", "Scope south", null]);
    expect(asLead.groups.every((group) => group.rows.every((row) => row.canSetTarget))).toBe(true);
    expect(ownerIds(await getForecast(actorOf(lead), { ...params, team: south.id }))).toEqual([eve!.id]);
    expect(ownerIds(await getForecast(actorOf(lead), { ...params, team: "none" }))).toEqual([lead.id]);
    expect(asLead.total.pipeline).toBe(3_000);

    const asAdmin = await getForecast(admin, params);
    expect(ownerIds(asAdmin)).toEqual(expect.arrayContaining([cat!.id, dan!.id, eve!.id, fay!.id]));
    // Sellers without deals or targets are left out for admins.
    expect(ownerIds(asAdmin)).not.toContain(lead.id);
    expect(asAdmin.options.teams.map((team) => team.name)).toEqual(expect.arrayContaining(["Scope north", "Scope south", "Scope west"]));
  });

  it("is not for support agents", async () => {
    await expectAppError(getForecast(await makeActor("support_agent"), {}), "FORBIDDEN");
  });
});

describe("setTarget", () => {
  it("upserts a month's target and audits each change", async () => {
    const manager = await makeUser("manager");
    const rep = await makeUser("sales_rep");
    await createTeam(seedActor, { name: "Target team", managerId: manager.id, memberIds: [rep.id] });
    const first = await setTarget(actorOf(manager), { userId: rep.id, month: "2026-11", amount: "1,200.50" });
    expect(first).toMatchObject({ userId: rep.id, month: "2026-11-01", amount: 120_050, currency: "CNY", setBy: manager.id });
    const second = await setTarget(actorOf(manager), { userId: rep.id, month: " 2026-11 ", amount: 900 });
    expect(second).toMatchObject({ id: first.id, amount: 90_000 });
    const db = await getDb();
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "sales_target"), eq(auditLog.entityId, first.id)))
      .orderBy(auditLog.id);
    expect(entries.map((entry) => entry.action)).toEqual(["target.set", "target.set"]);
    expect(entries[0]!.changes).toMatchObject({ amount: { before: null, after: 120_050 }, month: { before: null, after: "2026-11" } });
    expect(entries[1]!.changes).toEqual({ amount: { before: 120_050, after: 90_000 } });

    const listed = await listTargets(actorOf(manager), "2026-11");
    expect(listed.currency).toBe("CNY");
    expect(listed.rows.map((row) => row.userId).sort()).toEqual([manager.id, rep.id].sort());
    expect(listed.rows.find((row) => row.userId === rep.id)).toMatchObject({ teamName: "Target team", target: 90_000 });
    expect(listed.rows.find((row) => row.userId === manager.id)).toMatchObject({ target: null });
    expect((await listTargets(actorOf(manager), "2026-12")).rows.every((row) => row.target === null)).toBe(true);
  });

  it("lets managers set targets for their own teams only, and reps none", async () => {
    const admin = await makeActor("admin");
    const manager = await makeUser("manager");
    const mine = await makeUser("sales_rep");
    const other = await makeUser("sales_rep");
    await createTeam(seedActor, { name: "Own team", managerId: manager.id, memberIds: [mine.id] });
    await createTeam(seedActor, { name: "Other team", memberIds: [other.id] });
    const input = (userId: string) => ({ userId, month: "2026-12", amount: "500" });
    await expectAppError(setTarget(actorOf(mine), input(mine.id)), "FORBIDDEN");
    await expectAppError(setTarget(actorOf(manager), input(other.id)), "NOT_FOUND");
    expect(await setTarget(actorOf(manager), input(mine.id))).toMatchObject({ amount: 50_000 });
    expect(await setTarget(admin, input(other.id))).toMatchObject({ amount: 50_000 });
    await expectAppError(listTargets(actorOf(mine), "2026-12"), "FORBIDDEN");
    expect((await listTargets(actorOf(manager), "2026-12")).rows.map((row) => row.userId)).not.toContain(other.id);
    expect((await listTargets(admin, "2026-12")).rows.map((row) => row.userId)).toEqual(expect.arrayContaining([other.id, mine.id, manager.id]));
  });

  it("refuses bad input field by field", async () => {
    const admin = await makeActor("admin");
    const rep = await makeUser("sales_rep");
    const bad = await expectAppError(setTarget(admin, { userId: "nope", month: "2026-13", amount: "12.345" }), "VALIDATION");
    expect(bad.fieldErrors).toEqual({ userId: ["validation.invalid"], month: ["validation.month"], amount: ["validation.amount"] });
    const negative = await expectAppError(setTarget(admin, { userId: rep.id, month: "", amount: "-5" }), "VALIDATION");
    expect(negative.fieldErrors).toEqual({ month: ["validation.month"], amount: ["validation.amount"] });
    const agent = await makeUser("support_agent");
    const notSeller = await expectAppError(setTarget(admin, { userId: agent.id, month: "2026-12", amount: "1" }), "VALIDATION");
    expect(notSeller.fieldErrors).toEqual({ userId: ["validation.targetUser"] });
    await expectAppError(setTarget(admin, { userId: crypto.randomUUID(), month: "2026-12", amount: "1" }), "NOT_FOUND");
    await expectAppError(setTarget(admin, { userId: rep.id, month: "2026-12", amount: "1", extra: "x" }), "VALIDATION");
    await expectAppError(listTargets(admin, "December"), "VALIDATION");
  });
});
