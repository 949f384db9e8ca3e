import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { opportunities, pipelineStages, pipelines } from "@/db/schema";
import { systemActor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { setTarget } from "@/lib/sales/forecast";
import { completeTask, createTask } from "@/lib/sales/tasks";
import { updateSetting } from "@/lib/settings/commands";
import { getMyDashboard, quarterOf } from "./mine";

let customerId: string;
const stageIds = new Map<string, string>();

beforeAll(async () => {
  await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" });
  customerId = (await makeCustomer(seedActor, { name: "Own Buyer" })).id;
  const db = await getDb();
  const [pipeline] = await db.select().from(pipelines).where(eq(pipelines.isDefault, true));
  for (const stage of await db.select().from(pipelineStages).where(eq(pipelineStages.pipelineId, pipeline!.id))) stageIds.set(stage.name, stage.id);
});

/** A deal of the default pipeline as it stands, written straight to the table so that close times are exact. */
async function deal(ownerId: string, fields: { amount: number; stage: string; closeOn?: string; closedAt?: string }) {
  const db = await getDb();
  const [pipeline] = await db.select().from(pipelines).where(eq(pipelines.isDefault, true));
  const [made] = await db
    .insert(opportunities)
    .values({
      customerId,
      pipelineId: pipeline!.id,
      stageId: stageIds.get(fields.stage)!,
      title: `Own ${fields.stage} ${fields.amount}`,
      amount: fields.amount,
      currency: "CNY",
      expectedCloseOn: fields.closeOn ?? null,
      ownerId,
      closedAt: fields.closedAt ? new Date(fields.closedAt) : null,
    })
    .returning();
  return made!;
}

describe("quarterOf", () => {
  it("gives the first month of the calendar quarter", () => {
    expect(["2031-01", "2031-03", "2031-04", "2031-09", "2031-12"].map(quarterOf)).toEqual(["2031-01", "2031-01", "2031-04", "2031-07", "2031-10"]);
  });
});

describe("a seller's own dashboard", () => {
  it("sets the month's and quarter's targets against their wins, with their won and open deals and their tasks", async () => {
    const ann = await makeUser("sales_rep", { name: "Ann Own" });
    const bob = await makeUser("sales_rep", { name: "Bob Other" });
    const me = actorOf(ann);
    await setTarget(seedActor, { userId: ann.id, month: "2031-04", amount: "200" });
    await setTarget(seedActor, { userId: ann.id, month: "2031-05", amount: "300" });
    await setTarget(seedActor, { userId: ann.id, month: "2031-06", amount: "100" });
    await setTarget(seedActor, { userId: bob.id, month: "2031-05", amount: "900" });

    const a = await deal(ann.id, { amount: 12_000, stage: "Won", closedAt: "2031-05-02T02:00:00Z" });
    const b = await deal(ann.id, { amount: 8_000, stage: "Won", closedAt: "2031-04-30T16:30:00Z" }); // 00:30 on 1 May in Shanghai
    await deal(ann.id, { amount: 5_000, stage: "Won", closedAt: "2031-04-30T15:30:00Z" }); // 23:30 on 30 April: the quarter only
    await deal(ann.id, { amount: 70_000, stage: "Lost", closedAt: "2031-05-05T02:00:00Z" });
    await deal(ann.id, { amount: 40_000, stage: "Proposal", closeOn: "2031-05-25" }); // 50 %
    await deal(ann.id, { amount: 10_000, stage: "Proposal", closeOn: "2031-06-10" });
    await deal(ann.id, { amount: 3_000, stage: "Qualification" });
    await deal(bob.id, { amount: 99_000, stage: "Won", closedAt: "2031-05-03T02:00:00Z" });
    await deal(bob.id, { amount: 99_000, stage: "Negotiation", closeOn: "2031-05-20" });

    const overdue = await createTask(me, { title: "Overdue call", dueOn: "2031-05-18" });
    const done = await createTask(me, { title: "Done already", dueOn: "2031-05-17" });
    await completeTask(me, done.id);
    const today = await createTask(me, { title: "Today's visit", dueOn: "2031-05-20" });
    const soon = await createTask(me, { title: "Next week's quote", dueOn: "2031-05-27" });
    await createTask(me, { title: "Far away", dueOn: "2031-06-10" });
    await createTask(actorOf(bob), { title: "Bob's own", dueOn: "2031-05-18" });

    // 20 May 2031, noon in Shanghai.
    const dashboard = await getMyDashboard(me, new Date("2031-05-20T04:00:00Z"));
    expect(dashboard).toMatchObject({ month: "2031-05", quarter: "2031-04", currency: "CNY" });
    expect(dashboard.thisMonth).toEqual({ pipeline: 40_000, weighted: 20_000, won: 20_000, target: 30_000, attainment: 20_000 / 30_000 });
    expect(dashboard.thisQuarter).toEqual({ pipeline: 50_000, weighted: 25_000, won: 25_000, target: 60_000, attainment: 25_000 / 60_000 });
    expect(dashboard.won.deals.map((row) => row.id)).toEqual([a.id, b.id]);
    expect(dashboard.won).toMatchObject({ count: 2, value: 20_000 });
    expect(dashboard.openByStage.map((row) => [row.stageName, row.deals, row.value])).toEqual([
      ["Qualification", 1, 3_000],
      ["Proposal", 2, 50_000],
    ]);
    expect(dashboard.tasks.today).toBe("2031-05-20");
    expect(dashboard.tasks.overdue.map((task) => task.id)).toEqual([overdue.id]);
    expect(dashboard.tasks.overdueCount).toBe(1);
    expect(dashboard.tasks.dueToday.map((task) => task.id)).toEqual([today.id]);
    expect(dashboard.tasks.upcoming.map((task) => task.id)).toEqual([soon.id]);
  });

  it("shows nothing for a seller with nothing yet", async () => {
    const dashboard = await getMyDashboard(await makeActor("manager"), new Date("2031-05-20T04:00:00Z"));
    expect(dashboard.thisMonth).toEqual({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });
    expect(dashboard.thisQuarter).toEqual({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });
    expect(dashboard.won).toEqual({ deals: [], count: 0, value: 0 });
    expect(dashboard.openByStage).toEqual([]);
    expect(dashboard.tasks).toMatchObject({ overdue: [], overdueCount: 0, dueToday: [], upcoming: [] });
  });

  it("is for people who sell, signed in as themselves", async () => {
    for (const role of ["support_agent", "member"] as const) await expectAppError(getMyDashboard(await makeActor(role)), "FORBIDDEN");
    await expectAppError(getMyDashboard(systemActor("cli")), "FORBIDDEN");
    await expect(getMyDashboard(await makeActor("admin"))).resolves.toMatchObject({ currency: "CNY" });
  });
});
