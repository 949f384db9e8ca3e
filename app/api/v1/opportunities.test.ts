import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as opportunity from "@/app/api/v1/opportunities/[opportunityId]/route";
import * as opportunities from "@/app/api/v1/opportunities/route";
import { getDb } from "@/db/client";
import { opportunities as dealRows, type PipelineStage } from "@/db/schema";
import { makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { getPipeline } from "@/lib/sales/pipelines";

let reader: string;
let writer: string;
let customersOnly: string;
let ownerId: string;
let stage: Record<"qualification" | "proposal" | "won" | "lost", PipelineStage>;

beforeAll(async () => {
  reader = await makeApiKey(["opportunities:read"]);
  writer = await makeApiKey(["opportunities:write"]);
  customersOnly = await makeApiKey(["customers:read"]);
  ownerId = (await makeUser("sales_rep")).id;
  const pipeline = await getPipeline(seedActor);
  const byName = Object.fromEntries(pipeline.stages.map((candidate) => [candidate.name, candidate]));
  stage = { qualification: byName.Qualification!, proposal: byName.Proposal!, won: byName.Won!, lost: byName.Lost! };
});

const create = (body: unknown, key = writer) => callApi(opportunities.POST, { key, path: "/opportunities", body });
const list = (query: string, key = reader) => callApi(opportunities.GET, { key, path: `/opportunities${query}` });
const get = (opportunityId: string, key = reader) => callApi(opportunity.GET, { key, path: "/opportunities/{opportunityId}", params: { opportunityId } });
const patch = (opportunityId: string, body: unknown, key = writer) => callApi(opportunity.PATCH, { key, path: "/opportunities/{opportunityId}", params: { opportunityId }, body });

async function dealsOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(dealRows).where(eq(dealRows.customerId, customerId));
  return row!.n;
}

async function made(extra: Record<string, unknown> = {}) {
  const customer = await makeCustomer(seedActor);
  const response = await create({ customerId: customer.id, title: "Renewal", amount: "2500.50", ownerId, expectedCloseOn: "2030-05-20", source: "referral", nextStep: "Send the quote", ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

const unknownIds = [crypto.randomUUID(), "D-000001", "not-an-id"];

describe("POST /opportunities", () => {
  it("creates a deal in the default pipeline's first open stage, amounts in minor units, and answers 201 with it", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await create({ customerId: customer.id, title: "  New website  ", amount: "12,000.50", ownerId, expectedCloseOn: "2030-01-31", source: "website" });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      number: expect.stringMatching(/^D-\d{6}$/),
      title: "New website",
      customerId: customer.id,
      pipelineId: stage.qualification.pipelineId,
      stageId: stage.qualification.id,
      stageName: "Qualification",
      status: "open",
      amount: 1_200_050,
      currency: "CNY",
      probability: stage.qualification.probability,
      ownProbability: null,
      expectedCloseOn: "2030-01-31",
      ownerId,
      source: "website",
      nextStep: null,
      lostReason: null,
      stageEnteredAt: expect.any(String),
      closedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await get(response.body.id)).body).toEqual(response.body);
    const inProposal = await create({ customerId: customer.id, title: "Big one", amount: 5000, ownerId, stageId: stage.proposal.id, probability: 60 });
    expect(inProposal.body).toMatchObject({ stageName: "Proposal", amount: 500_000, probability: 60, ownProbability: 60 });
  });

  it("answers 422 field by field and creates nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await create({ customerId: customer.id, title: "", amount: "lots", probability: 101, source: "rumour", number: 7 });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: {
        title: ["This field is required."],
        ownerId: ["This field is required."],
        probability: ["This number is too large."],
        source: ["This value is not valid."],
        number: [expect.any(String)],
      },
    });
    const refusal = async (body: Record<string, unknown>) => (await create({ customerId: customer.id, title: "Deal", amount: "100", ownerId, ...body })).body.error.fields;
    expect(await refusal({ amount: "lots" })).toEqual({ amount: ["Enter an amount, e.g. 1200 or 1200.50."] });
    expect(await refusal({ stageId: stage.won.id })).toEqual({ stageId: ["A new deal starts in an open stage."] });
    expect(await refusal({ ownerId: (await makeUser("support_agent")).id })).toEqual({ ownerId: ["You cannot give the deal to this person; choose someone from your team."] });
    expect(await refusal({ customerId: crypto.randomUUID() })).toEqual({ customerId: ["Choose a customer from the list."] });
    expect(await dealsOf(customer.id)).toBe(0);
  });

  it("answers 401 without a key and 403 to a key without opportunities:write", async () => {
    const customer = await makeCustomer(seedActor);
    const body = { customerId: customer.id, title: "Deal", amount: "100", ownerId };
    expect((await create(body, "")).status).toBe(401);
    for (const key of [reader, customersOnly]) {
      const refused = await create(body, key);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("insufficient_scope");
    }
    expect(await dealsOf(customer.id)).toBe(0);
  });
});

describe("GET /opportunities", () => {
  it("pages newest first by number with a cursor, without overlap, and filters by owner, customer, stage and status", async () => {
    const owner = (await makeUser("sales_rep")).id;
    const customer = await makeCustomer(seedActor);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await create({ customerId: customer.id, title: `Paged ${i}`, amount: "100", ownerId: owner, ...(i === 2 && { stageId: stage.proposal.id }) })).body.id);
    const first = await list(`?ownerId=${owner}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((row: { title: string }) => row.title)).toEqual(["Paged 4", "Paged 3"]);
    const second = await list(`?ownerId=${owner}&limit=2&cursor=${first.body.nextCursor}`);
    const third = await list(`?ownerId=${owner}&limit=2&cursor=${second.body.nextCursor}`);
    expect(second.body.data.map((row: { title: string }) => row.title)).toEqual(["Paged 2", "Paged 1"]);
    expect(third.body).toEqual({ data: [expect.objectContaining({ id: ids[0], title: "Paged 0" })], nextCursor: null });

    expect((await list(`?customerId=${customer.id}&stageId=${stage.proposal.id}`)).body.data.map((row: { id: string }) => row.id)).toEqual([ids[2]]);
    await patch(ids[3]!, { stageId: stage.won.id });
    expect((await list(`?customerId=${customer.id}&status=won`)).body.data.map((row: { id: string }) => row.id)).toEqual([ids[3]]);
    expect((await list(`?customerId=${customer.id}&status=open`)).body.data).toHaveLength(4);
  });

  it("answers 422 to filters it does not know, 401 without a key and 403 without opportunities:read", async () => {
    for (const query of ["?status=pending", "?ownerId=me", "?stageId=1", "?limit=0", "?cursor=abc", "?stage=x"]) {
      const response = await list(query);
      expect(response.status, query).toBe(422);
      expect(Object.keys(response.body.error.fields)).toHaveLength(1);
    }
    expect((await list("", "")).status).toBe(401);
    expect((await list("", customersOnly)).status).toBe(403);
  });
});

describe("PATCH /opportunities/{opportunityId}", () => {
  it("changes only the fields named, clears a field with null, and gives the deal to another owner", async () => {
    const deal = await made();
    const newOwner = (await makeUser("sales_rep")).id;
    const response = await patch(deal.id, { title: "Renewal 2031", nextStep: null, probability: 35, ownerId: newOwner });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...deal,
      title: "Renewal 2031",
      nextStep: null,
      probability: 35,
      ownProbability: 35,
      ownerId: newOwner,
      updatedAt: expect.any(String),
    });
    expect(response.body.amount).toBe(250_050);
    const amount = await patch(deal.id, { amount: 99.99, probability: null });
    expect(amount.body).toMatchObject({ amount: 9_999, probability: stage.qualification.probability, ownProbability: null, title: "Renewal 2031", expectedCloseOn: "2030-05-20" });
  });

  it("moves the deal to another stage, and to a lost one only with the reason", async () => {
    const deal = await made();
    const moved = await patch(deal.id, { stageId: stage.proposal.id, nextStep: "Meet the board" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stageId: stage.proposal.id, stageName: "Proposal", status: "open", probability: stage.proposal.probability, nextStep: "Meet the board", closedAt: null });

    const noReason = await patch(deal.id, { stageId: stage.lost.id, title: "Should not stick" });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toEqual({ code: "lost_reason_required", message: "A lost deal needs a reason.", fields: { lostReason: ["Say why the deal was lost."] } });
    expect((await get(deal.id)).body).toEqual(moved.body);

    const lost = await patch(deal.id, { stageId: stage.lost.id, lostReason: "Went with a competitor" });
    expect(lost.body).toMatchObject({ stageId: stage.lost.id, status: "lost", lostReason: "Went with a competitor", closedAt: expect.any(String) });
    const reopened = await patch(deal.id, { stageId: stage.qualification.id });
    expect(reopened.body).toMatchObject({ status: "open", lostReason: null, closedAt: null });
  });

  it("answers 422 field by field and changes nothing", async () => {
    const deal = await made();
    const refusal = async (body: unknown) => {
      const response = await patch(deal.id, body);
      expect(response.status).toBe(422);
      return response.body.error.fields;
    };
    expect(await refusal({ title: "", amount: "lots", expectedCloseOn: "2030-02-31", number: "D-000001" })).toEqual({
      title: ["This field is required."],
      expectedCloseOn: [expect.any(String)],
      number: [expect.any(String)],
    });
    expect(await refusal({ amount: "lots" })).toEqual({ amount: ["Enter an amount, e.g. 1200 or 1200.50."] });
    expect(await refusal({ title: "Changed", lostReason: "Too dear" })).toEqual({ lostReason: ["Give a lost reason only when moving the deal to a lost stage."] });
    expect(await refusal({ title: "Changed", stageId: crypto.randomUUID() })).toEqual({ stageId: ["This value is not valid."] });
    expect(await refusal({ title: "Changed", ownerId: (await makeUser("support_agent")).id })).toEqual({ ownerId: ["You cannot give the deal to this person; choose someone from your team."] });
    expect((await get(deal.id)).body).toEqual(deal);
  });

  it("answers 401 without a key, 403 without opportunities:write, and 404 to ids that are no deal's or no id at all", async () => {
    const deal = await made();
    expect((await patch(deal.id, { title: "X" }, "")).status).toBe(401);
    const refused = await patch(deal.id, { title: "X" }, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    for (const opportunityId of unknownIds) {
      const response = await patch(opportunityId, { title: "X" });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
      expect((await get(opportunityId)).status).toBe(404);
    }
    expect((await get(deal.id, customersOnly)).status).toBe(403);
    expect((await get(deal.id)).body.title).toBe("Renewal");
  });
});
