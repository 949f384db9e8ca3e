import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, opportunities, opportunityStageHistory } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { createPipeline, getPipeline, listPipelines, updatePipeline } from "./pipelines";

type StageForm = { id?: string; name: string; probability: string | number; outcome: string };

const basicStages: StageForm[] = [
  { name: "Lead", probability: "20", outcome: "open" },
  { name: "Offer", probability: "60", outcome: "open" },
  { name: "Signed", probability: "100", outcome: "won" },
  { name: "Dropped", probability: "0", outcome: "lost" },
];

/** The form of a pipeline as it is now, to change and send back. */
const formOf = (pipeline: Awaited<ReturnType<typeof getPipeline>>) => ({
  name: pipeline.name,
  isDefault: pipeline.isDefault,
  stages: pipeline.stages.map((stage): StageForm => ({ id: stage.id, name: stage.name, probability: stage.probability, outcome: stage.outcome })),
});

/** A deal sitting in `stageId`, having passed through `earlierStageId` when given. */
async function dealIn(pipelineId: string, stageId: string, earlierStageId?: string) {
  const db = await getDb();
  const owner = await makeUser("sales_rep");
  const customer = await makeCustomer(seedActor);
  const [deal] = await db
    .insert(opportunities)
    .values({ customerId: customer.id, pipelineId, stageId, title: "Held", amount: 1_000, currency: "CNY", ownerId: owner.id })
    .returning();
  const entered = new Date("2026-01-01T00:00:00Z");
  if (earlierStageId) await db.insert(opportunityStageHistory).values({ opportunityId: deal!.id, stageId: earlierStageId, enteredAt: entered, leftAt: new Date("2026-01-02T00:00:00Z") });
  await db.insert(opportunityStageHistory).values({ opportunityId: deal!.id, stageId, enteredAt: entered });
  return deal!;
}

describe("createPipeline", () => {
  it("keeps the stages in order; the first default stays the default", async () => {
    const admin = await makeActor("admin");
    const pipeline = await createPipeline(admin, { name: " Renewals ", isDefault: "", stages: basicStages });
    expect(pipeline).toMatchObject({ name: "Renewals", isDefault: false });
    const saved = await getPipeline(admin, pipeline.id);
    expect(saved.stages.map((stage) => [stage.name, stage.position, stage.probability, stage.outcome])).toEqual([
      ["Lead", 0, 20, "open"],
      ["Offer", 1, 60, "open"],
      ["Signed", 2, 100, "won"],
      ["Dropped", 3, 0, "lost"],
    ]);
    const all = await listPipelines(admin);
    expect(all.filter((candidate) => candidate.isDefault)).toHaveLength(1);
    expect(all[0]!.isDefault).toBe(true);
  });

  it("needs an open, a won and a lost stage, and says which stage field is wrong", async () => {
    const admin = await makeActor("admin");
    const allOpen = await expectAppError(
      createPipeline(admin, { name: "All open", stages: [{ name: "A", probability: 10, outcome: "open" }, { name: "B", probability: 20, outcome: "open" }] }),
      "VALIDATION",
    );
    expect(allOpen.fieldErrors).toEqual({ stages: ["validation.stageWonNeeded", "validation.stageLostNeeded"] });
    const closedOnly = await expectAppError(
      createPipeline(admin, { name: "Closed only", stages: [{ name: "Won", probability: 100, outcome: "won" }, { name: "Lost", probability: 0, outcome: "lost" }] }),
      "VALIDATION",
    );
    expect(closedOnly.fieldErrors).toEqual({ stages: ["validation.stageOpenNeeded"] });
    const one = await expectAppError(createPipeline(admin, { name: "One", stages: [{ name: "A", probability: 10, outcome: "open" }] }), "VALIDATION");
    expect(one.fieldErrors?.stages).toContain("validation.stagesNeeded");
    const fields = await expectAppError(
      createPipeline(admin, {
        name: "",
        stages: [
          { name: "Lead", probability: "10", outcome: "maybe" },
          { name: " ", probability: "20", outcome: "open" },
          { name: "Won", probability: "101", outcome: "won" },
          { name: "Lost", probability: "1.5", outcome: "lost" },
        ],
      }),
      "VALIDATION",
    );
    expect(fields.fieldErrors).toEqual({
      name: ["validation.required"],
      "stages.0.outcome": ["validation.invalid"],
      "stages.1.name": ["validation.required"],
      "stages.2.probability": ["validation.tooBig"],
      "stages.3.probability": ["validation.number"],
    });
    const twice = await expectAppError(createPipeline(admin, { name: "Twice", stages: [...basicStages, { name: "offer", probability: 50, outcome: "open" }] }), "VALIDATION");
    expect(twice.fieldErrors).toEqual({ "stages.4.name": ["validation.stageNameTaken"] });
    const taken = await expectAppError(createPipeline(admin, { name: "SALES", stages: basicStages }), "CONFLICT");
    expect(taken.fieldErrors).toEqual({ name: ["validation.pipelineNameTaken"] });
  });

  it("is for admins only", async () => {
    for (const role of ["manager", "sales_rep", "support_agent"] as const) {
      await expectAppError(createPipeline(await makeActor(role), { name: `By ${role}`, stages: basicStages }), "FORBIDDEN");
    }
  });
});

describe("updatePipeline", () => {
  it("renames, reorders (keeping stage ids), adds and removes stages", async () => {
    const admin = await makeActor("admin");
    const created = await createPipeline(admin, { name: "Projects", stages: basicStages });
    const before = await getPipeline(admin, created.id);
    const [lead, offer, signed, dropped] = formOf(before).stages as [StageForm, StageForm, StageForm, StageForm];
    await updatePipeline(admin, created.id, {
      name: "Projects 2026",
      stages: [{ ...offer, name: "Quote", probability: "55" }, lead, { name: "Contract", probability: "80", outcome: "open" }, signed, dropped].map((stage) => ({ ...stage, id: stage.id ?? "" })),
    });
    const after = await getPipeline(admin, created.id);
    expect(after.name).toBe("Projects 2026");
    expect(after.stages.map((stage) => [stage.name, stage.position, stage.probability])).toEqual([
      ["Quote", 0, 55],
      ["Lead", 1, 20],
      ["Contract", 2, 80],
      ["Signed", 3, 100],
      ["Dropped", 4, 0],
    ]);
    expect(after.stages[0]!.id).toBe(offer.id);
    expect(after.stages[1]!.id).toBe(lead.id);
    expect([offer.id, lead.id, signed.id, dropped.id]).not.toContain(after.stages[2]!.id);
    const db = await getDb();
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, "pipeline.update")));
    expect(audit!.changes).toMatchObject({
      name: { before: "Projects", after: "Projects 2026" },
      stages: { after: ["Quote (55%, open)", "Lead (20%, open)", "Contract (80%, open)", "Signed (100%, won)", "Dropped (0%, lost)"] },
    });

    const withoutLead = formOf(after);
    withoutLead.stages.splice(1, 1);
    await updatePipeline(admin, created.id, withoutLead);
    expect((await getPipeline(admin, created.id)).stages.map((stage) => stage.name)).toEqual(["Quote", "Contract", "Signed", "Dropped"]);
  });

  it("keeps stages that hold deals or that deals passed through, and their outcome while they hold deals", async () => {
    const admin = await makeActor("admin");
    const created = await createPipeline(admin, { name: "Held stages", stages: [...basicStages, { name: "Review", probability: 40, outcome: "open" }] });
    const pipeline = await getPipeline(admin, created.id);
    const [lead, offer, , , review] = pipeline.stages;
    await dealIn(pipeline.id, offer!.id, review!.id);
    const form = formOf(pipeline);

    const removeHeld = await expectAppError(updatePipeline(admin, pipeline.id, { ...form, stages: form.stages.filter((stage) => stage.id !== offer!.id) }), "VALIDATION");
    expect(removeHeld.fieldErrors).toEqual({ stages: ["validation.stageHasDeals"] });
    const removePassed = await expectAppError(updatePipeline(admin, pipeline.id, { ...form, stages: form.stages.filter((stage) => stage.id !== review!.id) }), "VALIDATION");
    expect(removePassed.fieldErrors).toEqual({ stages: ["validation.stageHasHistory"] });
    const closeHeld = await expectAppError(
      updatePipeline(admin, pipeline.id, { ...form, stages: form.stages.map((stage) => (stage.id === offer!.id ? { ...stage, outcome: "won" } : stage)) }),
      "VALIDATION",
    );
    expect(closeHeld.fieldErrors).toEqual({ "stages.1.outcome": ["validation.stageOutcomeInUse"] });

    const sales = await getPipeline(admin);
    const foreign = await expectAppError(updatePipeline(admin, pipeline.id, { ...form, stages: [...form.stages, { ...formOf(sales).stages[0]!, name: "Borrowed" }] }), "VALIDATION");
    expect(foreign.fieldErrors).toEqual({ stages: ["validation.invalid"] });

    // An empty stage may still change its outcome, and nothing was lost by the refusals.
    await updatePipeline(admin, pipeline.id, { ...form, stages: form.stages.map((stage) => (stage.id === lead!.id ? { ...stage, outcome: "lost" } : stage)) });
    const after = await getPipeline(admin, pipeline.id);
    expect(after.stages.map((stage) => [stage.id, stage.outcome])).toEqual(pipeline.stages.map((stage) => [stage.id, stage.id === lead!.id ? "lost" : stage.outcome]));
  });

  it("has one default pipeline at a time", async () => {
    const admin = await makeActor("admin");
    const original = await getPipeline(admin);
    const first = await createPipeline(admin, { name: "Default one", isDefault: "on", stages: basicStages });
    expect(first.isDefault).toBe(true);
    expect((await getPipeline(admin)).id).toBe(first.id);
    expect((await getPipeline(admin, original.id)).isDefault).toBe(false);

    // Unticking the default changes nothing: another pipeline has to become the default.
    expect(await updatePipeline(admin, first.id, { ...formOf(await getPipeline(admin, first.id)), isDefault: false })).toMatchObject({ isDefault: true });
    const back = await updatePipeline(admin, original.id, { ...formOf(await getPipeline(admin, original.id)), isDefault: "on" });
    expect(back.isDefault).toBe(true);
    const all = await listPipelines(admin);
    expect(all.filter((pipeline) => pipeline.isDefault).map((pipeline) => pipeline.id)).toEqual([original.id]);
  });

  it("refuses non-admins, unknown pipelines, bad input and taken names", async () => {
    const admin = await makeActor("admin");
    const pipeline = await getPipeline(admin);
    for (const role of ["manager", "sales_rep"] as const) {
      await expectAppError(updatePipeline(await makeActor(role), pipeline.id, formOf(pipeline)), "FORBIDDEN");
    }
    await expectAppError(updatePipeline(admin, crypto.randomUUID(), { name: "Ghost", stages: basicStages }), "NOT_FOUND");
    await expectAppError(updatePipeline(admin, "ghost", { name: "Ghost", stages: basicStages }), "NOT_FOUND");
    const bad = await expectAppError(updatePipeline(admin, pipeline.id, { ...formOf(pipeline), name: "x".repeat(61) }), "VALIDATION");
    expect(bad.fieldErrors).toEqual({ name: ["validation.tooLong"] });
    await createPipeline(admin, { name: "Taken name", stages: basicStages });
    const taken = await expectAppError(updatePipeline(admin, pipeline.id, { ...formOf(pipeline), name: "taken NAME" }), "CONFLICT");
    expect(taken.fieldErrors).toEqual({ name: ["validation.pipelineNameTaken"] });
    expect((await getPipeline(admin, pipeline.id)).name).toBe(pipeline.name);
  });
});
