import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { activities, auditLog, opportunities, opportunityStageHistory } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeCustomer, seedActor } from "@/lib/factories";
import { createDeal, getBoard, getDeal, getDealWithStage, getWonDeal, listCustomerDeals, listDeals, logDealActivity, moveDeal, patchDeal, updateDeal } from "./deals";
import { splitDuration } from "./rules";
import { getPipeline } from "./pipelines";
import { createTeam } from "./teams";

const unique = () => crypto.randomBytes(4).toString("hex");
const userId = (actor: Actor) => (actor.kind === "user" ? actor.userId : "");

/** The default pipeline's stages by name (Qualification 10 %, Needs analysis 25 %, Proposal 50 %, Negotiation 75 %, Won, Lost). */
async function stages() {
  const pipeline = await getPipeline(seedActor);
  const byName = Object.fromEntries(pipeline.stages.map((stage) => [stage.name, stage]));
  return { pipeline, qualification: byName.Qualification!, needs: byName["Needs analysis"]!, proposal: byName.Proposal!, negotiation: byName.Negotiation!, won: byName.Won!, lost: byName.Lost! };
}

async function makeDeal(actor: Actor, input: Record<string, unknown> = {}) {
  const customer = await makeCustomer(seedActor);
  return createDeal(actor, { customerId: customer.id, title: `Deal ${unique()}`, amount: "1000", ...input });
}

/** Two teams: A and B in team 1, led by M; C in team 2. */
async function makeTeams() {
  const [admin, manager, repA, repB, repC] = await Promise.all([makeActor("admin"), makeActor("manager"), makeActor("sales_rep"), makeActor("sales_rep"), makeActor("sales_rep")]);
  await createTeam(admin, { name: `Team ${unique()}`, managerId: userId(manager), memberIds: [userId(repA), userId(repB)] });
  await createTeam(admin, { name: `Team ${unique()}`, memberIds: [userId(repC)] });
  return { admin, manager, repA, repB, repC };
}

const fullInput = (overrides: Record<string, unknown> = {}) => ({ title: "Renewal", amount: "2500.50", expectedCloseOn: "2030-05-20", probability: "", source: "referral", nextStep: "Send the quote", ...overrides });

async function auditOf(entityId: string) {
  const db = await getDb();
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
}

async function historyOf(dealId: string) {
  const db = await getDb();
  return db.select().from(opportunityStageHistory).where(eq(opportunityStageHistory.opportunityId, dealId)).orderBy(opportunityStageHistory.id);
}

describe("createDeal", () => {
  it("puts a new deal in the default pipeline's first open stage, owned by whoever creates it, following the stage's probability", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    const { pipeline, qualification } = await stages();
    const deal = await createDeal(rep, { customerId: customer.id, title: "  New website  ", amount: "12,000.50", expectedCloseOn: "2030-01-31", source: "website", nextStep: "Call back" });
    expect(deal).toMatchObject({
      pipelineId: pipeline.id,
      stageId: qualification.id,
      ownerId: userId(rep),
      title: "New website",
      amount: 1_200_050,
      currency: "CNY",
      probability: null,
      expectedCloseOn: "2030-01-31",
      source: "website",
      nextStep: "Call back",
      closedAt: null,
    });
    expect(deal.number).toBeGreaterThan(0);
    const view = await getDeal(rep, deal.id);
    expect(view.probability).toBe(10);
    expect(view.stage.id).toBe(qualification.id);
    expect(view.customer).toMatchObject({ id: customer.id, name: customer.name });
    expect(view.canEdit).toBe(true);
    expect(view.canReassign).toBe(false);
    expect(view.history).toHaveLength(1);
    expect(view.history[0]).toMatchObject({ stageId: qualification.id, leftAt: null });
    expect((await auditOf(deal.id)).map((row) => row.action)).toEqual(["deal.create"]);
  });

  it("keeps a probability of its own and a chosen open stage", async () => {
    const rep = await makeActor("sales_rep");
    const { proposal } = await stages();
    const deal = await makeDeal(rep, { stageId: proposal.id, probability: "65" });
    expect(deal).toMatchObject({ stageId: proposal.id, probability: 65 });
    expect((await getDeal(rep, deal.id)).probability).toBe(65);
  });

  it("rejects bad input field by field and writes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    const db = await getDb();
    const before = (await db.select().from(opportunities)).length;
    const error = await expectAppError(
      createDeal(rep, { customerId: customer.id, title: "  ", amount: "12.345", probability: "150", source: "tv", expectedCloseOn: "2030-02-31" }),
      "VALIDATION",
    );
    expect(error.fieldErrors).toMatchObject({
      title: ["validation.required"],
      amount: ["validation.amount"],
      probability: ["validation.tooBig"],
      source: ["validation.invalid"],
      expectedCloseOn: ["validation.date"],
    });
    expect((await db.select().from(opportunities)).length).toBe(before);
  });

  it("refuses an unknown customer, a closed stage, a stage of nowhere and fields it does not take", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep);
    const { won } = await stages();
    const unknown = await expectAppError(createDeal(rep, { customerId: crypto.randomUUID(), title: "X", amount: "1" }), "VALIDATION");
    expect(unknown.fieldErrors).toEqual({ customerId: ["validation.customerUnknown"] });
    const closed = await expectAppError(createDeal(rep, { customerId: customer.id, title: "X", amount: "1", stageId: won.id }), "VALIDATION");
    expect(closed.fieldErrors).toEqual({ stageId: ["validation.stageNotOpen"] });
    const nowhere = await expectAppError(createDeal(rep, { customerId: customer.id, title: "X", amount: "1", stageId: crypto.randomUUID() }), "VALIDATION");
    expect(nowhere.fieldErrors).toEqual({ stageId: ["validation.invalid"] });
    await expectAppError(createDeal(rep, { customerId: customer.id, title: "X", amount: "1", closedAt: "2020-01-01" }), "VALIDATION");
  });

  it("does not let a rep make someone else the owner", async () => {
    const { repA, repB } = await makeTeams();
    const customer = await makeCustomer(repA);
    const error = await expectAppError(createDeal(repA, { customerId: customer.id, title: "X", amount: "1", ownerId: userId(repB) }), "VALIDATION");
    expect(error.fieldErrors).toEqual({ ownerId: ["validation.ownerNotAllowed"] });
  });

  it("is forbidden to support agents and members", async () => {
    const customer = await makeCustomer(seedActor);
    for (const role of ["support_agent", "member"] as const) {
      await expectAppError(createDeal(await makeActor(role), { customerId: customer.id, title: "X", amount: "1" }), "FORBIDDEN");
    }
  });
});

describe("moveDeal", () => {
  it("records each stage with when the deal entered and left it", async () => {
    const rep = await makeActor("sales_rep");
    const { qualification, needs, proposal } = await stages();
    const deal = await makeDeal(rep);
    await moveDeal(rep, deal.id, { stageId: needs.id });
    const moved = await moveDeal(rep, deal.id, { stageId: proposal.id });
    expect(moved).toMatchObject({ stageId: proposal.id, closedAt: null });
    const history = await historyOf(deal.id);
    expect(history.map((entry) => entry.stageId)).toEqual([qualification.id, needs.id, proposal.id]);
    expect(history[0]!.leftAt).toEqual(history[1]!.enteredAt);
    expect(history[1]!.leftAt).toEqual(history[2]!.enteredAt);
    expect(history[2]!.leftAt).toBeNull();
    const view = await getDeal(rep, deal.id);
    expect(view.history.map((entry) => entry.stageName)).toEqual(["Qualification", "Needs analysis", "Proposal"]);
    expect(view.history.every((entry) => entry.milliseconds >= 0)).toBe(true);
    expect(view.probability).toBe(50);
    expect((await auditOf(deal.id)).map((row) => row.action).sort()).toEqual(["deal.create", "deal.move", "deal.move"]);
  });

  it("refuses a lost stage without a reason and changes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const { qualification, lost } = await stages();
    const deal = await makeDeal(rep);
    const error = await expectAppError(moveDeal(rep, deal.id, { stageId: lost.id, lostReason: "  " }), "VALIDATION", "errors.lostReasonRequired");
    expect(error.fieldErrors).toEqual({ lostReason: ["validation.lostReasonRequired"] });
    const after = await getDeal(rep, deal.id);
    expect(after.deal).toMatchObject({ stageId: qualification.id, closedAt: null, lostReason: null });
    expect(await historyOf(deal.id)).toHaveLength(1);
    expect((await auditOf(deal.id)).map((row) => row.action)).toEqual(["deal.create"]);
  });

  it("closes a deal lost with a reason, and opens it again when it moves back", async () => {
    const rep = await makeActor("sales_rep");
    const { lost, negotiation } = await stages();
    const deal = await makeDeal(rep);
    const closed = await moveDeal(rep, deal.id, { stageId: lost.id, lostReason: "Chose a competitor" });
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(closed.lostReason).toBe("Chose a competitor");
    expect((await getDeal(rep, deal.id)).probability).toBe(0);
    const reopened = await moveDeal(rep, deal.id, { stageId: negotiation.id });
    expect(reopened).toMatchObject({ stageId: negotiation.id, closedAt: null, lostReason: null });
    expect((await auditOf(deal.id)).map((row) => row.action).sort()).toEqual(["deal.create", "deal.lost", "deal.move"]);
  });

  it("closes a won deal without a reason; only then can it become an order", async () => {
    const rep = await makeActor("sales_rep");
    const { won } = await stages();
    const deal = await makeDeal(rep);
    await expectAppError(getWonDeal(rep, deal.id), "INVALID_STATE", "errors.dealNotWon");
    const closed = await moveDeal(rep, deal.id, { stageId: won.id });
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect((await getWonDeal(rep, deal.id)).id).toBe(deal.id);
  });

  it("refuses a stage of another pipeline and a bad stage id", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    const other = await expectAppError(moveDeal(rep, deal.id, { stageId: crypto.randomUUID() }), "VALIDATION");
    expect(other.fieldErrors).toEqual({ stageId: ["validation.invalid"] });
    await expectAppError(moveDeal(rep, deal.id, { stageId: "not-a-stage" }), "VALIDATION");
  });
});

describe("updateDeal", () => {
  it("changes the fields and audits before and after", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    const updated = await updateDeal(rep, deal.id, fullInput({ probability: "40" }));
    expect(updated).toMatchObject({ title: "Renewal", amount: 250_050, expectedCloseOn: "2030-05-20", probability: 40, source: "referral", nextStep: "Send the quote", ownerId: userId(rep) });
    const [audit] = (await auditOf(deal.id)).filter((row) => row.action === "deal.update");
    expect(audit!.changes.amount).toEqual({ before: 100_000, after: 250_050 });
  });

  it("rejects bad input and changes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    const error = await expectAppError(updateDeal(rep, deal.id, fullInput({ title: "", amount: "-5", probability: "x" })), "VALIDATION");
    expect(error.fieldErrors).toMatchObject({ title: ["validation.required"], amount: ["validation.amount"], probability: ["validation.decimal"] });
    expect((await getDeal(rep, deal.id)).deal.title).toBe(deal.title);
  });

  it("does not let a rep hand their deal to a teammate", async () => {
    const { repA, repB } = await makeTeams();
    const deal = await makeDeal(repA);
    const error = await expectAppError(updateDeal(repA, deal.id, fullInput({ ownerId: userId(repB) })), "VALIDATION");
    expect(error.fieldErrors).toEqual({ ownerId: ["validation.ownerNotAllowed"] });
  });
});

describe("patchDeal", () => {
  it("changes only the fields named, clears one with null, and keeps the rest as stored", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep, { amount: "1234.50", expectedCloseOn: "2030-05-20", probability: "40", source: "referral", nextStep: "Call" });
    const patched = await patchDeal(rep, deal.id, { title: "Renamed", nextStep: null, probability: undefined });
    expect(patched).toMatchObject({ title: "Renamed", nextStep: null, amount: 123_450, expectedCloseOn: "2030-05-20", probability: 40, source: "referral", ownerId: userId(rep), stageId: deal.stageId });
    const [audit] = (await auditOf(deal.id)).filter((row) => row.action === "deal.update");
    expect(Object.keys(audit!.changes).sort()).toEqual(["nextStep", "title"]);
    expect(await patchDeal(rep, deal.id, { amount: 99.99, probability: null })).toMatchObject({ amount: 9_999, probability: null, title: "Renamed" });
  });

  it("changes the fields and moves the deal in one go, audited as an edit and a move", async () => {
    const rep = await makeActor("sales_rep");
    const { qualification, lost } = await stages();
    const deal = await makeDeal(rep);
    const patched = await patchDeal(rep, deal.id, { nextStep: "Ask why", stageId: lost.id, lostReason: "Too dear" });
    expect(patched).toMatchObject({ nextStep: "Ask why", stageId: lost.id, lostReason: "Too dear", closedAt: expect.any(Date) });
    expect((await historyOf(deal.id)).map((entry) => entry.stageId)).toEqual([qualification.id, lost.id]);
    expect((await auditOf(deal.id)).map((row) => row.action).sort()).toEqual(["deal.create", "deal.lost", "deal.update"]);
    // Only a stage: no edit; the stage it is in already: nothing at all.
    await patchDeal(rep, deal.id, { stageId: qualification.id });
    await patchDeal(rep, deal.id, { stageId: qualification.id });
    expect((await auditOf(deal.id)).map((row) => row.action).sort()).toEqual(["deal.create", "deal.lost", "deal.move", "deal.update"]);
  });

  it("refuses a move it cannot make and then changes no field either", async () => {
    const rep = await makeActor("sales_rep");
    const { qualification, lost } = await stages();
    const deal = await makeDeal(rep, { nextStep: "Call" });
    const noReason = await expectAppError(patchDeal(rep, deal.id, { title: "Should not stick", nextStep: null, stageId: lost.id }), "VALIDATION", "errors.lostReasonRequired");
    expect(noReason.fieldErrors).toEqual({ lostReason: ["validation.lostReasonRequired"] });
    const nowhere = await expectAppError(patchDeal(rep, deal.id, { title: "Should not stick", stageId: crypto.randomUUID() }), "VALIDATION");
    expect(nowhere.fieldErrors).toEqual({ stageId: ["validation.invalid"] });
    const reasonAlone = await expectAppError(patchDeal(rep, deal.id, { title: "Should not stick", lostReason: "Too dear" }), "VALIDATION");
    expect(reasonAlone.fieldErrors).toEqual({ lostReason: ["validation.lostReasonWithoutStage"] });
    const { deal: after } = await getDeal(rep, deal.id);
    expect(after).toMatchObject({ title: deal.title, nextStep: "Call", stageId: qualification.id, closedAt: null, updatedAt: deal.updatedAt });
    expect(await historyOf(deal.id)).toHaveLength(1);
    expect((await auditOf(deal.id)).map((row) => row.action)).toEqual(["deal.create"]);
  });

  it("keeps both of two concurrent patches of different fields", async () => {
    const rep = await makeActor("sales_rep");
    const { proposal } = await stages();
    const deal = await makeDeal(rep);
    await Promise.all([
      patchDeal(rep, deal.id, { title: "From the first" }),
      patchDeal(rep, deal.id, { nextStep: "From the second", stageId: proposal.id }),
      patchDeal(rep, deal.id, { probability: 70 }),
    ]);
    const { deal: after } = await getDeal(rep, deal.id);
    expect(after).toMatchObject({ title: "From the first", nextStep: "From the second", probability: 70, stageId: proposal.id, amount: 100_000 });
  });

  it("rejects bad input field by field, a body that is no object, and fields it does not take", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    const bad = await expectAppError(patchDeal(rep, deal.id, { title: null, amount: "-5", probability: 150 }), "VALIDATION");
    expect(bad.fieldErrors).toMatchObject({ title: ["validation.required"], amount: ["validation.amount"], probability: ["validation.tooBig"] });
    const unknown = await expectAppError(patchDeal(rep, deal.id, { closedAt: "2020-01-01" }), "VALIDATION");
    expect(unknown.fieldErrors).toHaveProperty("closedAt");
    await expectAppError(patchDeal(rep, deal.id, ["title"]), "VALIDATION");
    await expectAppError(patchDeal(rep, deal.id, null), "VALIDATION");
    expect((await getDeal(rep, deal.id)).deal.title).toBe(deal.title);
  });

  it("is forbidden to teammates who only read the deal and to roles without deals, and does not find another team's", async () => {
    const { repA, repB, repC } = await makeTeams();
    const deal = await makeDeal(repA);
    await expectAppError(patchDeal(repB, deal.id, { title: "X" }), "FORBIDDEN");
    await expectAppError(patchDeal(repC, deal.id, { title: "X" }), "NOT_FOUND");
    await expectAppError(patchDeal(repA, "not-an-id", { title: "X" }), "NOT_FOUND");
    for (const role of ["support_agent", "member"] as const) await expectAppError(patchDeal(await makeActor(role), deal.id, { title: "X" }), "FORBIDDEN");
    const error = await expectAppError(patchDeal(repA, deal.id, { ownerId: userId(repB) }), "VALIDATION");
    expect(error.fieldErrors).toEqual({ ownerId: ["validation.ownerNotAllowed"] });
    expect((await getDeal(repA, deal.id)).deal).toMatchObject({ title: deal.title, ownerId: userId(repA) });
  });
});

describe("getDealWithStage", () => {
  it("gives a deal the actor may read with its stage, and hides the others", async () => {
    const { repA, repB, repC } = await makeTeams();
    const { proposal } = await stages();
    const deal = await makeDeal(repA, { stageId: proposal.id });
    const found = await getDealWithStage(repB, deal.id);
    expect(found).toMatchObject({ id: deal.id, title: deal.title, stageId: proposal.id, stage: { id: proposal.id, name: "Proposal", outcome: "open" } });
    await expectAppError(getDealWithStage(repC, deal.id), "NOT_FOUND");
    await expectAppError(getDealWithStage(repA, "D-000001"), "NOT_FOUND");
    await expectAppError(getDealWithStage(await makeActor("support_agent"), deal.id), "FORBIDDEN");
  });
});

describe("who sees and changes which deals", () => {
  it("lets teammates read but not change, hides a deal from other teams, and lets the team's manager reassign within the team", async () => {
    const { admin, manager, repA, repB, repC } = await makeTeams();
    const { proposal, pipeline } = await stages();
    const deal = await makeDeal(repA, { title: `Scoped ${unique()}` });

    // A teammate reads it, but may not move or edit it.
    const asB = await getDeal(repB, deal.id);
    expect(asB.canEdit).toBe(false);
    await expectAppError(moveDeal(repB, deal.id, { stageId: proposal.id }), "FORBIDDEN");
    await expectAppError(updateDeal(repB, deal.id, fullInput()), "FORBIDDEN");
    expect((await listDeals(repB, { q: deal.title })).rows.map((row) => row.id)).toEqual([deal.id]);

    // Another team does not know it exists.
    await expectAppError(getDeal(repC, deal.id), "NOT_FOUND");
    await expectAppError(moveDeal(repC, deal.id, { stageId: proposal.id }), "NOT_FOUND");
    await expectAppError(updateDeal(repC, deal.id, fullInput()), "NOT_FOUND");
    await expectAppError(logDealActivity(repC, deal.id, { kind: "call", subject: "Hi" }), "NOT_FOUND");
    expect((await listDeals(repC, { q: deal.title, status: "all" })).rows).toEqual([]);
    const boardOfC = await getBoard(repC, { pipeline: pipeline.id });
    expect(boardOfC.columns.flatMap((column) => column.deals).some((card) => card.id === deal.id)).toBe(false);
    expect(await listCustomerDeals(repC, deal.customerId)).toEqual([]);

    // The manager of team 1 reads it, and may give it to B but not to C.
    const asManager = await getDeal(manager, deal.id);
    expect(asManager).toMatchObject({ canEdit: true, canReassign: true });
    const refused = await expectAppError(updateDeal(manager, deal.id, fullInput({ title: deal.title, ownerId: userId(repC) })), "VALIDATION");
    expect(refused.fieldErrors).toEqual({ ownerId: ["validation.ownerNotAllowed"] });
    const reassigned = await updateDeal(manager, deal.id, fullInput({ title: deal.title, ownerId: userId(repB) }));
    expect(reassigned.ownerId).toBe(userId(repB));
    const [audit] = (await auditOf(deal.id)).filter((row) => row.action === "deal.reassign");
    expect(audit).toBeDefined();
    expect(audit!.changes.ownerId).toEqual({ before: userId(repA), after: userId(repB) });

    // Now B owns it and may move it; A only reads it.
    await moveDeal(repB, deal.id, { stageId: proposal.id });
    expect((await getDeal(repA, deal.id)).canEdit).toBe(false);

    // An admin sees and changes everything.
    expect((await getDeal(admin, deal.id)).canEdit).toBe(true);
    expect((await listDeals(admin, { q: deal.title })).rows.map((row) => row.id)).toEqual([deal.id]);
    const boardOfAdmin = await getBoard(admin, { pipeline: pipeline.id });
    expect(boardOfAdmin.columns.flatMap((column) => column.deals).some((card) => card.id === deal.id)).toBe(true);
  });

  it("keeps a team's deals from the managers of other teams; an admin gives a deal to anyone who sells", async () => {
    const { admin, manager, repC } = await makeTeams();
    const deal = await makeDeal(repC);
    // The manager of team 1 does not lead team 2.
    await expectAppError(getDeal(manager, deal.id), "NOT_FOUND");
    const moved = await updateDeal(admin, deal.id, fullInput({ ownerId: userId(manager) }));
    expect(moved.ownerId).toBe(userId(manager));
  });

  it("keeps deals from support agents and members", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    for (const role of ["support_agent", "member"] as const) {
      const actor = await makeActor(role);
      await expectAppError(getDeal(actor, deal.id), "FORBIDDEN");
      await expectAppError(listDeals(actor, {}), "FORBIDDEN");
      await expectAppError(getBoard(actor, {}), "FORBIDDEN");
      await expectAppError(moveDeal(actor, deal.id, { stageId: deal.stageId }), "FORBIDDEN");
      await expectAppError(logDealActivity(actor, deal.id, { kind: "note", subject: "Hi" }), "FORBIDDEN");
    }
  });

  it("answers NOT_FOUND for an id that is not an id", async () => {
    const rep = await makeActor("sales_rep");
    await expectAppError(getDeal(rep, "nope"), "NOT_FOUND");
    await expectAppError(getDeal(rep, crypto.randomUUID()), "NOT_FOUND");
  });
});

describe("getBoard", () => {
  it("puts each deal in its stage's column with the column's total and weighted total", async () => {
    const rep = await makeActor("sales_rep");
    const { pipeline, qualification, proposal, won, lost } = await stages();
    await makeDeal(rep, { amount: "1000" });
    await makeDeal(rep, { amount: "333.33" });
    await makeDeal(rep, { amount: "2000", stageId: proposal.id });
    await makeDeal(rep, { amount: "400", stageId: proposal.id, probability: "90" });
    const winning = await makeDeal(rep, { amount: "700" });
    await moveDeal(rep, winning.id, { stageId: won.id });
    const losing = await makeDeal(rep, { amount: "900" });
    await moveDeal(rep, losing.id, { stageId: lost.id, lostReason: "Budget" });

    const board = await getBoard(rep, { pipeline: pipeline.id });
    const column = (id: string) => board.columns.find((candidate) => candidate.stage.id === id)!;
    expect(board.columns.map((candidate) => candidate.stage.name)).toEqual(["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"]);
    expect(column(qualification.id)).toMatchObject({ total: 133_333, weighted: 10_000 + 3_333 });
    expect(column(qualification.id).deals).toHaveLength(2);
    expect(column(proposal.id)).toMatchObject({ total: 240_000, weighted: 100_000 + 36_000 });
    expect(column(won.id)).toMatchObject({ total: 70_000, weighted: 70_000 });
    expect(column(lost.id)).toMatchObject({ total: 90_000, weighted: 0 });
    expect(column(proposal.id).deals.every((card) => card.canEdit && card.ownerId === userId(rep))).toBe(true);
  });

  it("shows only the actor's own deals with owner=me", async () => {
    const { manager, repA } = await makeTeams();
    const mine = await makeDeal(manager);
    const theirs = await makeDeal(repA);
    const ids = (await getBoard(manager, { owner: "me" })).columns.flatMap((column) => column.deals.map((card) => card.id));
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
  });
});

describe("listDeals", () => {
  it("filters by owner, stage, status, close month and amount", async () => {
    const { manager, repA, repB } = await makeTeams();
    const { proposal, won, lost, pipeline } = await stages();
    const small = await makeDeal(repA, { amount: "100", expectedCloseOn: "2031-03-01" });
    const large = await makeDeal(repA, { amount: "5000", expectedCloseOn: "2031-03-31", stageId: proposal.id });
    const april = await makeDeal(repB, { amount: "800", expectedCloseOn: "2031-04-01" });
    const winner = await makeDeal(repB, { amount: "300" });
    await moveDeal(repB, winner.id, { stageId: won.id });
    const loser = await makeDeal(repA, { amount: "200" });
    await moveDeal(repA, loser.id, { stageId: lost.id, lostReason: "No budget" });

    const ids = async (params: Record<string, unknown>) => (await listDeals(manager, params)).rows.map((row) => row.id).sort();
    const sorted = (...deals: { id: string }[]) => deals.map((deal) => deal.id).sort();
    expect(await ids({})).toEqual(sorted(small, large, april));
    expect(await ids({ status: "all" })).toEqual(sorted(small, large, april, winner, loser));
    expect(await ids({ status: "won" })).toEqual(sorted(winner));
    expect(await ids({ status: "lost" })).toEqual(sorted(loser));
    expect(await ids({ owner: userId(repA) })).toEqual(sorted(small, large));
    expect(await ids({ owner: userId(repA), status: "all" })).toEqual(sorted(small, large, loser));
    expect(await ids({ owner: "me" })).toEqual([]);
    expect(await ids({ stage: proposal.id })).toEqual(sorted(large));
    expect(await ids({ pipeline: pipeline.id })).toEqual(sorted(small, large, april));
    expect(await ids({ close: "2031-03" })).toEqual(sorted(small, large));
    expect(await ids({ close: "2031-04" })).toEqual(sorted(april));
    expect(await ids({ close: "2031-02" })).toEqual([]);
    expect(await ids({ min: "500" })).toEqual(sorted(large, april));
    expect(await ids({ max: "800" })).toEqual(sorted(small, april));
    expect(await ids({ min: "500", max: "1,000" })).toEqual(sorted(april));
    // Bad filter values fall back instead of failing.
    expect(await ids({ close: "2031-13", status: "maybe", min: "lots" })).toEqual(sorted(small, large, april));
  });

  it("searches by title, customer name and D-number, and sorts and pages", async () => {
    const rep = await makeActor("sales_rep");
    const { needs } = await stages();
    const tag = unique();
    const a = await makeDeal(rep, { title: `Alpha ${tag}`, amount: "300", expectedCloseOn: "2032-01-10" });
    const b = await makeDeal(rep, { title: `beta ${tag}`, amount: "100", expectedCloseOn: "2032-01-05", stageId: needs.id });
    const c = await makeDeal(rep, { title: `Gamma ${tag}`, amount: "200" });

    const order = async (params: Record<string, unknown>) => (await listDeals(rep, { q: tag, ...params })).rows.map((row) => row.id);
    expect(await order({ sort: "amount", dir: "asc" })).toEqual([b.id, c.id, a.id]);
    expect(await order({ sort: "amount", dir: "desc" })).toEqual([a.id, c.id, b.id]);
    expect(await order({ sort: "title", dir: "asc" })).toEqual([a.id, b.id, c.id]);
    // No close date goes last either way.
    expect(await order({ sort: "close", dir: "asc" })).toEqual([b.id, a.id, c.id]);
    expect(await order({ sort: "stage", dir: "desc" })).toEqual([b.id, c.id, a.id]);
    await updateDeal(rep, a.id, fullInput({ title: a.title }));
    expect((await order({ sort: "updated", dir: "desc" }))[0]).toBe(a.id);

    const { rows } = await listDeals(rep, { q: `D-${String(b.number).padStart(6, "0")}` });
    expect(rows.map((row) => row.id)).toEqual([b.id]);
    const [row] = rows;
    expect(row).toMatchObject({ stageName: "Needs analysis", outcome: "open", probability: 25, weighted: 2_500, amount: 10_000 });
    const customer = (await getDeal(rep, c.id)).customer;
    expect((await listDeals(rep, { q: customer.name })).rows.map((found) => found.id)).toEqual([c.id]);

    for (let i = 0; i < 24; i++) await makeDeal(rep, { title: `Paged ${tag}` });
    const first = await listDeals(rep, { q: tag });
    expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(25);
    const second = await listDeals(rep, { q: tag, page: "2" });
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((found) => found.id)).size).toBe(27);
  });
});

describe("logDealActivity", () => {
  it("logs an activity on the deal and its customer, for anyone who may read the deal", async () => {
    const { repA, repB } = await makeTeams();
    const deal = await makeDeal(repA);
    const activity = await logDealActivity(repB, deal.id, { kind: "meeting", subject: "Demo", body: "Went well", durationMinutes: "45" });
    expect(activity).toMatchObject({ customerId: deal.customerId, opportunityId: deal.id, kind: "meeting", subject: "Demo", durationMinutes: 45, createdBy: userId(repB) });
    const view = await getDeal(repA, deal.id);
    expect(view.activities).toEqual([expect.objectContaining({ id: activity.id, subject: "Demo", authorName: expect.any(String) })]);
    expect((await auditOf(activity.id)).map((row) => row.action)).toEqual(["activity.create"]);
  });

  it("rejects bad input and writes nothing", async () => {
    const rep = await makeActor("sales_rep");
    const deal = await makeDeal(rep);
    const error = await expectAppError(logDealActivity(rep, deal.id, { kind: "fax", subject: "", occurredAt: "2999-01-01T10:00" }), "VALIDATION");
    expect(error.fieldErrors).toMatchObject({ kind: ["validation.activityKind"], subject: ["validation.required"], occurredAt: ["validation.pastDate"] });
    const db = await getDb();
    expect(await db.select().from(activities).where(and(eq(activities.opportunityId, deal.id)))).toEqual([]);
  });
});

describe("splitDuration", () => {
  it("splits a stretch into whole days, hours and minutes", () => {
    const hour = 3_600_000;
    expect(splitDuration(3 * 24 * hour + 4 * hour + 59_999)).toEqual({ days: 3, hours: 4, minutes: 0 });
    expect(splitDuration(90 * 60_000)).toEqual({ days: 0, hours: 1, minutes: 30 });
    expect(splitDuration(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
