import crypto from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, opportunities, opportunityStageHistory, pipelines, reportDealChanges, reportDealsClosed, reportDealsCreated, reportDealStages, type PipelineStage } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { randomFrom } from "@/lib/seeded-random";
import { listDeals } from "@/lib/sales/deals";
import { setTarget } from "@/lib/sales/forecast";
import { createPipeline, getPipeline } from "@/lib/sales/pipelines";
import { createTeam } from "@/lib/sales/teams";
import { updateSetting } from "@/lib/settings/commands";
import { rebuildDealReport, refreshDealReport } from "./deals-rollup";
import { exportSalesDashboard, getSalesDashboard } from "./sales";

let admin: Actor;
let customerId: string;
let pipelineId: string;
const stages = new Map<string, PipelineStage>();

beforeAll(async () => {
  await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" });
  admin = await makeActor("admin");
  customerId = (await makeCustomer(seedActor, { name: "Funnel Buyer" })).id;
  const pipeline = await createPipeline(seedActor, {
    name: `Funnel ${crypto.randomUUID().slice(0, 6)}`,
    stages: [
      { name: "Lead", probability: 10, outcome: "open" },
      { name: "Demo", probability: 40, outcome: "open" },
      { name: "Offer", probability: 70, outcome: "open" },
      { name: "Won", probability: 100, outcome: "won" },
      { name: "Lost", probability: 0, outcome: "lost" },
    ],
  });
  pipelineId = pipeline.id;
  for (const stage of (await getPipeline(seedActor, pipelineId)).stages) stages.set(stage.name, stage);
});

/**
 * A deal of the test pipeline written straight to the tables, so that its times are exact: it is
 * created in the first stage of `path` and moved through the others at the times given; a won or
 * lost last stage closes it then.
 */
async function deal(ownerId: string, path: [stage: string, at: string][], fields: { amount: number; closeOn?: string; currency?: string }) {
  const db = await getDb();
  const [last] = path.slice(-1) as [[string, string]];
  const stage = stages.get(last[0])!;
  const [made] = await db
    .insert(opportunities)
    .values({
      customerId,
      pipelineId,
      stageId: stage.id,
      title: `${last[0]} deal ${fields.amount}`,
      amount: fields.amount,
      currency: fields.currency ?? "CNY",
      expectedCloseOn: fields.closeOn ?? null,
      ownerId,
      stageEnteredAt: new Date(last[1]),
      closedAt: stage.outcome === "open" ? null : new Date(last[1]),
      createdAt: new Date(path[0]![1]),
    })
    .returning();
  await db.insert(opportunityStageHistory).values(
    path.map(([name, at], index) => ({
      opportunityId: made!.id,
      stageId: stages.get(name)!.id,
      enteredAt: new Date(at),
      leftAt: path[index + 1] ? new Date(path[index + 1]![1]) : null,
    })),
  );
  return made!;
}

describe("the sales dashboard", () => {
  it("adds up the funnel, conversion, win rates, forecast and this month's closings of a team, in the organisation's months", async () => {
    const manager = await makeUser("manager", { name: "Mia Manager" });
    const [ann, ben, cy, dee] = [
      await makeUser("sales_rep", { name: "Ann Funnel" }),
      await makeUser("sales_rep", { name: "Ben Funnel" }),
      await makeUser("sales_rep", { name: "Cy Funnel" }),
      await makeUser("sales_rep", { name: "Dee Funnel" }),
    ];
    const team = await createTeam(seedActor, { name: `Funnel ${crypto.randomUUID().slice(0, 6)}`, managerId: manager.id, memberIds: [ann.id, ben.id] });
    await createTeam(seedActor, { name: `Other ${crypto.randomUUID().slice(0, 6)}`, memberIds: [cy.id] });

    // Won in January after 20 days.
    const d1 = await deal(ann.id, [["Lead", "2031-01-05T00:00:00Z"], ["Demo", "2031-01-10T00:00:00Z"], ["Offer", "2031-01-20T00:00:00Z"], ["Won", "2031-01-25T00:00:00Z"]], { amount: 100_000 });
    // Created at 00:30 on 1 February in Shanghai, lost in February.
    const d2 = await deal(ann.id, [["Lead", "2031-01-31T16:30:00Z"], ["Lost", "2031-02-10T00:00:00Z"]], { amount: 50_000 });
    // Created in Demo (it skipped Lead) and won past Offer at 00:10 on 1 April in Shanghai: after the span.
    const d3 = await deal(ann.id, [["Demo", "2031-02-01T00:00:00Z"], ["Won", "2031-03-31T16:10:00Z"]], { amount: 30_000 });
    // Open in Demo, expected to close in March.
    const d4 = await deal(ben.id, [["Lead", "2031-02-15T00:00:00Z"], ["Demo", "2031-02-20T00:00:00Z"]], { amount: 40_000, closeOn: "2031-03-25" });
    // Created at 23:30 on 31 December in Shanghai (before the span), won in January after exactly 15 days.
    const d5 = await deal(ben.id, [["Lead", "2030-12-31T15:30:00Z"], ["Offer", "2031-01-05T00:00:00Z"], ["Won", "2031-01-15T15:30:00Z"]], { amount: 20_000 });
    // Reached Offer, then moved back to Demo; expected to close this month (April).
    const d6 = await deal(ben.id, [["Lead", "2031-03-01T00:00:00Z"], ["Offer", "2031-03-05T00:00:00Z"], ["Demo", "2031-03-08T00:00:00Z"]], { amount: 60_000, closeOn: "2031-04-30" });
    // In dollars: counted, but in no sum of yuan.
    const d7 = await deal(ann.id, [["Lead", "2031-03-20T00:00:00Z"]], { amount: 9_999, closeOn: "2031-04-05", currency: "USD" });
    // Created after the span, still open: in the funnel only.
    const d9 = await deal(ann.id, [["Lead", "2031-04-02T00:00:00Z"]], { amount: 7_000, closeOn: "2031-05-01" });
    // Lost at 00:30 on 1 January in Shanghai: inside the span.
    const d10 = await deal(ben.id, [["Lead", "2030-12-20T16:00:00Z"], ["Lost", "2030-12-31T16:30:00Z"]], { amount: 15_000 });
    // Outside the team: another team's, and nobody's team.
    await deal(cy.id, [["Lead", "2031-02-02T00:00:00Z"], ["Demo", "2031-02-05T00:00:00Z"]], { amount: 11_000 });
    await deal(dee.id, [["Offer", "2031-02-03T00:00:00Z"]], { amount: 5_000 });
    await setTarget(seedActor, { userId: ann.id, month: "2031-01", amount: "1000" });
    await setTarget(seedActor, { userId: ann.id, month: "2031-02", amount: "500" });
    await setTarget(seedActor, { userId: ben.id, month: "2031-03", amount: "300" });
    await setTarget(seedActor, { userId: cy.id, month: "2031-03", amount: "999" });

    const now = new Date("2031-04-10T04:00:00Z");
    const params = { from: "2031-01", to: "2031-03", team: team.id, pipeline: pipelineId };
    await refreshDealReport(await getDb(), now);
    const dashboard = await getSalesDashboard(admin, params, now);
    expect(dashboard.params).toEqual(params);
    expect(dashboard.month).toBe("2031-04");

    // Open now, per open stage in order.
    expect(dashboard.funnel.stages.map(({ name, deals, value }) => [name, deals, value])).toEqual([
      ["Lead", 2, 7_000],
      ["Demo", 2, 100_000],
      ["Offer", 0, 0],
    ]);
    expect(dashboard.funnel).toMatchObject({ deals: 4, value: 107_000 });

    // Created in the span: d1 (won), d2 (Lead), d3 (won), d4 (Demo), d6 (Offer at most), d7 (Lead).
    expect(dashboard.conversion.created).toBe(6);
    expect(dashboard.conversion.won).toBe(2);
    expect(dashboard.conversion.steps.map(({ name, nextName, reached, advanced, rate }) => [name, nextName, reached, advanced, rate])).toEqual([
      ["Lead", "Demo", 6, 4, 4 / 6],
      ["Demo", "Offer", 4, 3, 0.75],
      ["Offer", "Won", 3, 2, 2 / 3],
    ]);

    // Closed in the span: Ann d1 won, d2 lost (d3 was won in April); Ben d5 won, d10 lost.
    expect(dashboard.reps).toEqual([
      { ownerId: ann.id, name: "Ann Funnel", won: 1, lost: 1, winRate: 0.5, wonValue: 100_000, averageCycleDays: 20 },
      { ownerId: ben.id, name: "Ben Funnel", won: 1, lost: 1, winRate: 0.5, wonValue: 20_000, averageCycleDays: 15 },
    ]);
    expect(dashboard.repTotals).toEqual({ won: 2, lost: 2, winRate: 0.5, wonValue: 120_000, averageCycleDays: 17.5 });

    // The forecast's figures: targets, wins by close month, the open pipeline by expected close month.
    expect(dashboard.forecast.months).toEqual([
      { month: "2031-01", pipeline: 0, weighted: 0, won: 120_000, target: 100_000, attainment: 1.2 },
      { month: "2031-02", pipeline: 0, weighted: 0, won: 0, target: 50_000, attainment: 0 },
      { month: "2031-03", pipeline: 40_000, weighted: 16_000, won: 0, target: 30_000, attainment: 0 },
    ]);
    expect(dashboard.forecast.total).toEqual({ pipeline: 40_000, weighted: 16_000, won: 120_000, target: 180_000, attainment: 120_000 / 180_000 });

    // Open deals expected to close in April, the earliest first; the dollars are listed but not added.
    expect(dashboard.closing.deals.map((row) => [row.id, row.expectedCloseOn, row.stageName, row.ownerName])).toEqual([
      [d7.id, "2031-04-05", "Lead", "Ann Funnel"],
      [d6.id, "2031-04-30", "Demo", "Ben Funnel"],
    ]);
    expect(dashboard.closing).toMatchObject({ count: 2, value: 60_000 });

    // Each figure's drill-down finds the deals behind it.
    const ids = async (filters: Record<string, string>) => (await listDeals(admin, { pipeline: pipelineId, ...filters, pageSize: "100" })).rows.map((row) => row.id).sort();
    const sorted = (...deals: { id: string }[]) => deals.map((row) => row.id).sort();
    expect(await ids({ stage: stages.get("Demo")!.id, status: "open", team: team.id })).toEqual(sorted(d4, d6));
    expect(await ids({ stage: stages.get("Lead")!.id, status: "open", team: team.id })).toEqual(sorted(d7, d9));
    expect(await ids({ reached: stages.get("Offer")!.id, createdFrom: "2031-01", createdTo: "2031-03", status: "all", team: team.id })).toEqual(sorted(d1, d3, d6));
    expect(await ids({ reached: stages.get("Lead")!.id, createdFrom: "2031-01", createdTo: "2031-03", status: "all", team: team.id })).toHaveLength(6);
    expect(await ids({ owner: ann.id, status: "all", closedFrom: "2031-01", closedTo: "2031-03" })).toEqual(sorted(d1, d2));
    expect(await ids({ owner: ben.id, status: "won", closedFrom: "2031-01", closedTo: "2031-03" })).toEqual(sorted(d5));
    expect(await ids({ owner: ben.id, status: "lost", closedFrom: "2031-01", closedTo: "2031-01" })).toEqual(sorted(d10));
    expect(await ids({ status: "open", close: "2031-04", team: team.id })).toEqual(sorted(d6, d7));

    // Without a team: everyone's deals; "none": the deals of people in no team.
    const everyone = await getSalesDashboard(admin, { ...params, team: undefined }, now);
    expect(everyone.funnel.stages.map((stage) => stage.deals)).toEqual([2, 3, 1]);
    const noTeam = await getSalesDashboard(admin, { ...params, team: "none" }, now);
    expect(noTeam.funnel.stages.map((stage) => [stage.deals, stage.value])).toEqual([
      [0, 0],
      [0, 0],
      [1, 5_000],
    ]);
    expect(await ids({ stage: stages.get("Offer")!.id, status: "open", team: "none" })).toHaveLength(1);

    // A manager's figures are those of the teams they lead; another manager sees none of them.
    const mine = await getSalesDashboard(actorOf(manager), { ...params, team: undefined }, now);
    expect(mine.funnel.stages.map((stage) => stage.deals)).toEqual([2, 2, 0]);
    expect(mine.reps.map((rep) => rep.name)).toEqual(["Ann Funnel", "Ben Funnel"]);
    const stranger = await getSalesDashboard(await makeActor("manager"), { ...params, team: undefined }, now);
    expect(stranger.funnel.deals).toBe(0);
    expect(stranger.reps).toEqual([]);
    expect(stranger.closing.deals).toEqual([]);

    // The export holds the same figures, one a row, and is audited.
    const { filename, csv } = await exportSalesDashboard(admin, params, now);
    expect(filename).toBe("sales-2031-01-to-2031-03.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trim().split("\n");
    const pipelineName = dashboard.funnel.pipelineName;
    expect(lines[0]).toBe("section,subject,measure,value");
    expect(lines).toContain(`funnel,${pipelineName} / Demo,open_deals,2`);
    expect(lines).toContain(`funnel,${pipelineName} / Demo,open_value_CNY,1000.00`);
    expect(lines).toContain(`conversion,${pipelineName} / Demo,reached_Offer_or_later,3`);
    expect(lines).toContain("conversion," + pipelineName + " / Demo,conversion_rate,0.7500");
    expect(lines).toContain("reps,Ann Funnel,win_rate,0.5000");
    expect(lines).toContain("reps,Ben Funnel,average_sales_cycle_days,15.0");
    expect(lines).toContain("forecast,2031-01,attainment,1.2000");
    expect(lines).toContain("forecast,2031-03,weighted_CNY,160.00");
    expect(lines.filter((line) => line.startsWith("closing_this_month,"))).toHaveLength(4);
    const [audited] = await (await getDb()).select().from(auditLog).where(eq(auditLog.entityId, "sales"));
    expect(audited).toMatchObject({ action: "report.export", entityType: "report", actorId: (admin as { userId: string }).userId });
    expect(JSON.stringify(audited!.changes)).toContain("2031-03");
  });

  it("shows empty months as nothing, and falls back to the defaults on bad filters", async () => {
    const now = new Date("2031-04-10T04:00:00Z");
    const empty = await getSalesDashboard(admin, { from: "2040-01", to: "2040-02", pipeline: pipelineId }, now);
    expect(empty.conversion).toEqual({
      created: 0,
      won: 0,
      steps: [
        { stageId: stages.get("Lead")!.id, name: "Lead", nextStageId: stages.get("Demo")!.id, nextName: "Demo", reached: 0, advanced: 0, rate: null },
        { stageId: stages.get("Demo")!.id, name: "Demo", nextStageId: stages.get("Offer")!.id, nextName: "Offer", reached: 0, advanced: 0, rate: null },
        { stageId: stages.get("Offer")!.id, name: "Offer", nextStageId: stages.get("Won")!.id, nextName: "Won", reached: 0, advanced: 0, rate: null },
      ],
    });
    expect(empty.reps).toEqual([]);
    expect(empty.repTotals).toEqual({ won: 0, lost: 0, winRate: null, wonValue: 0, averageCycleDays: null });
    expect(empty.forecast.total).toEqual({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });

    // The last twelve months up to now in Shanghai, and the default pipeline.
    const fallback = await getSalesDashboard(admin, { from: "2031-13", to: "soon", team: "<script>", pipeline: "nope" }, new Date("2031-03-31T16:30:00Z"));
    const [defaultPipeline] = await (await getDb()).select().from(pipelines).where(eq(pipelines.isDefault, true));
    expect(fallback.params).toEqual({ from: "2030-05", to: "2031-04", team: undefined, pipeline: defaultPipeline!.id });
    expect(fallback.forecast.months).toHaveLength(12);
    // A span longer than the forecast gives at once is asked for in parts.
    const long = await getSalesDashboard(admin, { from: "2029-01", to: "2031-12" }, now);
    expect(long.forecast.months.map((month) => month.month)).toHaveLength(36);
    expect(long.forecast.months[35]!.month).toBe("2031-12");
  });

  it("is for managers and admins only", async () => {
    for (const role of ["sales_rep", "support_agent", "member"] as const) {
      await expectAppError(getSalesDashboard(await makeActor(role), {}), "FORBIDDEN");
      await expectAppError(exportSalesDashboard(await makeActor(role), {}), "FORBIDDEN");
    }
    await expect(getSalesDashboard(await makeActor("manager"), {})).resolves.toMatchObject({ currency: "CNY" });
  });
});

/** The sales rollups' rows, in one order, without their bookkeeping columns. */
async function snapshot() {
  const db = await getDb();
  const strip = <T extends { createdAt: Date; updatedAt: Date }>(rows: T[]) => rows.map(({ createdAt: _c, updatedAt: _u, ...row }) => row);
  return {
    stages: strip(await db.select().from(reportDealStages).orderBy(asc(reportDealStages.ownerId), asc(reportDealStages.pipelineId), asc(reportDealStages.stageId))),
    created: strip(
      await db
        .select()
        .from(reportDealsCreated)
        .orderBy(asc(reportDealsCreated.day), asc(reportDealsCreated.pipelineId), asc(reportDealsCreated.ownerId), sql`${reportDealsCreated.reachedStageIds}::text`),
    ),
    closed: strip(await db.select().from(reportDealsClosed).orderBy(asc(reportDealsClosed.day), asc(reportDealsClosed.ownerId))),
  };
}

describe("the sales rollups", () => {
  it("equal a recomputation from scratch after any mix of new deals, moves, wins, losses, reopenings, new owners, amounts and deletions, refreshed at any point", async () => {
    const db = await getDb();
    const reps = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
    const names = [...stages.keys()];
    for (const seed of [7, 4242, 86_001]) {
      const random = randomFrom(seed);
      // Instants over two months, so that days and a month boundary in Shanghai are crossed.
      const instant = () => `${new Date(Date.UTC(2033, 0, 1 + Math.floor(random.next() * 60), Math.floor(random.next() * 24), Math.floor(random.next() * 60))).toISOString()}`;
      const made: { id: string }[] = [];
      for (let step = 0; step < 50; step++) {
        const roll = random.next();
        if (roll < 0.3 || made.length === 0) {
          const path: [string, string][] = [];
          for (let hop = 0; hop < 1 + Math.floor(random.next() * 3); hop++) path.push([random.pick(names), instant()]);
          path.sort((a, b) => a[1].localeCompare(b[1]));
          made.push(await deal(random.pick(reps).id, path, { amount: random.pick([1_000, 25_000, 99_900]), currency: random.pick(["CNY", "CNY", "USD"]) }));
        } else if (roll < 0.55) {
          // A move, as the board makes it: to any stage (a won or lost one closes the deal, an open one reopens it).
          const { id } = random.pick(made);
          const stage = stages.get(random.pick(names))!;
          const at = new Date(instant());
          await db.update(opportunities).set({ stageId: stage.id, stageEnteredAt: at, closedAt: stage.outcome === "open" ? null : at }).where(eq(opportunities.id, id));
          await db.insert(opportunityStageHistory).values({ opportunityId: id, stageId: stage.id, enteredAt: at });
        } else if (roll < 0.67) {
          await db.update(opportunities).set({ ownerId: random.pick(reps).id }).where(eq(opportunities.id, random.pick(made).id));
        } else if (roll < 0.77) {
          await db
            .update(opportunities)
            .set(random.next() < 0.5 ? { amount: random.pick([500, 70_000]) } : { currency: random.pick(["CNY", "USD"]) })
            .where(eq(opportunities.id, random.pick(made).id));
        } else if (roll < 0.82) {
          await db.update(opportunities).set({ createdAt: new Date(instant()) }).where(eq(opportunities.id, random.pick(made).id));
        } else if (roll < 0.87 && made.length > 1) {
          const { id } = made.splice(Math.floor(random.next() * made.length), 1)[0]!;
          await db.transaction(async (tx) => {
            await tx.delete(opportunityStageHistory).where(eq(opportunityStageHistory.opportunityId, id));
            await tx.delete(opportunities).where(eq(opportunities.id, id));
          });
        } else {
          await refreshDealReport(db);
        }
      }
      await refreshDealReport(db);
      expect(await db.select().from(reportDealChanges)).toEqual([]);
      const refreshed = await snapshot();
      expect(refreshed.created.length).toBeGreaterThan(0);
      await rebuildDealReport(db);
      expect(refreshed).toEqual(await snapshot());
    }

    // The figures read from the rollups are those of the deals the drill-downs list.
    const report = await getSalesDashboard(admin, { from: "2033-01", to: "2033-02", pipeline: pipelineId }, new Date("2033-03-15T00:00:00Z"));
    const total = async (filters: Record<string, string>) => (await listDeals(admin, { pipeline: pipelineId, pageSize: "100", ...filters })).total;
    for (const stage of report.funnel.stages) expect(stage.deals).toBe(await total({ stage: stage.stageId, status: "open" }));
    expect(report.conversion.created).toBe(await total({ createdFrom: "2033-01", createdTo: "2033-02", status: "all" }));
    for (const step of report.conversion.steps) expect(step.reached).toBe(await total({ reached: step.stageId, createdFrom: "2033-01", createdTo: "2033-02", status: "all" }));
    for (const rep of report.reps) {
      expect(rep.won).toBe(await total({ owner: rep.ownerId, status: "won", closedFrom: "2033-01", closedTo: "2033-02" }));
      expect(rep.lost).toBe(await total({ owner: rep.ownerId, status: "lost", closedFrom: "2033-01", closedTo: "2033-02" }));
    }
  });

  it("note nothing for a change that is rolled back, and rebuild when the currency changes", async () => {
    const db = await getDb();
    const rep = await makeUser("sales_rep");
    const made = await deal(rep.id, [["Lead", "2034-01-02T00:00:00Z"]], { amount: 10_000 });
    await refreshDealReport(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.update(opportunities).set({ ownerId: admin.kind === "user" ? admin.userId : rep.id }).where(eq(opportunities.id, made.id));
        throw new Error("the connection dropped");
      }),
    ).rejects.toThrow("dropped");
    expect(await db.select().from(reportDealChanges)).toEqual([]);

    const valueOf = async () => (await db.select({ value: reportDealStages.value }).from(reportDealStages).where(eq(reportDealStages.ownerId, rep.id)))[0]?.value;
    expect(await valueOf()).toBe(10_000);
    await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "USD", timeZone: "Asia/Shanghai", country: "CN" });
    try {
      expect(await refreshDealReport(db)).toMatchObject({ rebuilt: true });
      expect(await valueOf()).toBe(0);
    } finally {
      await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" });
      await refreshDealReport(db);
    }
    expect(await valueOf()).toBe(10_000);
  });
});
