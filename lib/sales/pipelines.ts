import "server-only";
import { and, asc, count, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { opportunities, opportunityStageHistory, pipelineStages, pipelines, stageOutcomes, type Pipeline, type PipelineStage } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { checkbox, requiredText, uuidParam, wholeNumber } from "@/lib/validation";

export type PipelineWithStages = Pipeline & { stages: PipelineStage[] };

/** Every pipeline with its stages in order, the default first. */
export async function listPipelines(actor: Actor, db?: Database): Promise<PipelineWithStages[]> {
  assertCan(actor, "deals.read");
  const database = db ?? (await getDb());
  const [rows, stages] = await Promise.all([
    database.select().from(pipelines).orderBy(asc(pipelines.isDefault), asc(pipelines.name)),
    database.select().from(pipelineStages).orderBy(asc(pipelineStages.position)),
  ]);
  return rows
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((pipeline) => ({ ...pipeline, stages: stages.filter((stage) => stage.pipelineId === pipeline.id) }));
}

/** A pipeline by id, or the default one when no id is given. */
export async function getPipeline(actor: Actor, pipelineId?: unknown, db?: Database): Promise<PipelineWithStages> {
  const all = await listPipelines(actor, db);
  const id = pipelineId === undefined ? undefined : uuidParam.safeParse(pipelineId).data;
  const pipeline = pipelineId === undefined ? all[0] : all.find((candidate) => candidate.id === id);
  if (!pipeline) throw new AppError("NOT_FOUND");
  return pipeline;
}

const stageSchema = z.strictObject({
  id: z.preprocess((value) => (value === "" ? undefined : value), uuidParam.optional()),
  name: requiredText(60),
  probability: wholeNumber(0, 100),
  outcome: z.enum(stageOutcomes, { error: "validation.invalid" }).default("open"),
});

const pipelineSchema = z
  .strictObject({
    name: requiredText(60),
    isDefault: checkbox,
    stages: z.array(stageSchema).min(2, { error: "validation.stagesNeeded" }).max(20, { error: "validation.tooMany" }),
  })
  .superRefine((pipeline, context) => {
    if (!pipeline.stages.some((stage) => stage.outcome === "won")) context.addIssue({ code: "custom", path: ["stages"], message: "validation.stageWonNeeded" });
    if (!pipeline.stages.some((stage) => stage.outcome === "lost")) context.addIssue({ code: "custom", path: ["stages"], message: "validation.stageLostNeeded" });
    if (!pipeline.stages.some((stage) => stage.outcome === "open")) context.addIssue({ code: "custom", path: ["stages"], message: "validation.stageOpenNeeded" });
    const seen = new Set<string>();
    for (const [index, stage] of pipeline.stages.entries()) {
      const name = stage.name.toLowerCase();
      if (seen.has(name)) context.addIssue({ code: "custom", path: ["stages", index, "name"], message: "validation.stageNameTaken" });
      seen.add(name);
    }
  });
export type PipelineInput = z.input<typeof pipelineSchema>;

/**
 * Like `parseInput`, but a stage's own field errors keep their place (`stages.2.name`), so that the
 * form can show each one beside its stage.
 */
function parsePipeline(input: unknown): z.output<typeof pipelineSchema> {
  const parsed = pipelineSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  let formError: string | undefined;
  for (const issue of parsed.error.issues) {
    if (issue.path.length === 0) formError ??= issue.message;
    else (fieldErrors[issue.path.join(".")] ??= []).push(issue.message);
  }
  throw new AppError("VALIDATION", formError ?? "errors.VALIDATION", fieldErrors);
}

const stageError = (key: string) => new AppError("VALIDATION", "errors.VALIDATION", { stages: [key] });

const nameTaken = (error: unknown) => {
  if (uniqueViolation(error) === "pipelines_name_key") return new AppError("CONFLICT", "errors.CONFLICT", { name: ["validation.pipelineNameTaken"] });
  return error;
};

/** A stage as the audit log keeps it: what a reader needs to see what changed. */
const auditedStage = (stage: { name: string; probability: number; outcome: string }) => `${stage.name} (${stage.probability}%, ${stage.outcome})`;

async function makeDefault(tx: Database, pipelineId: string) {
  await tx.update(pipelines).set({ isDefault: false }).where(eq(pipelines.isDefault, true));
  await tx.update(pipelines).set({ isDefault: true }).where(eq(pipelines.id, pipelineId));
}

export async function createPipeline(actor: Actor, input: unknown): Promise<Pipeline> {
  assertCan(actor, "pipelines.manage");
  const values = parsePipeline(input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [first] = await tx.select({ id: pipelines.id }).from(pipelines).limit(1);
      const [pipeline] = (await tx.insert(pipelines).values({ name: values.name }).returning()) as [Pipeline];
      await tx.insert(pipelineStages).values(values.stages.map((stage, position) => ({ pipelineId: pipeline.id, name: stage.name, probability: stage.probability, outcome: stage.outcome, position })));
      const isDefault = values.isDefault || !first;
      if (isDefault) await makeDefault(tx, pipeline.id);
      await recordAudit(tx, actor, { action: "pipeline.create", entityType: "pipeline", entityId: pipeline.id, after: { name: pipeline.name, isDefault, stages: values.stages.map(auditedStage) } });
      return { ...pipeline, isDefault };
    });
  } catch (error) {
    throw nameTaken(error);
  }
}

/**
 * Renames, reorders, adds and removes stages. A stage that still holds deals cannot be removed
 * (move them first); the default pipeline stays the default until another one is made default.
 */
export async function updatePipeline(actor: Actor, pipelineId: unknown, input: unknown): Promise<Pipeline> {
  assertCan(actor, "pipelines.manage");
  const id = uuidParam.safeParse(pipelineId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const values = parsePipeline(input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(pipelines).where(eq(pipelines.id, id.data)).for("update");
      if (!before) throw new AppError("NOT_FOUND");
      const current = await tx.select().from(pipelineStages).where(eq(pipelineStages.pipelineId, before.id));
      const kept = values.stages.flatMap((stage) => (stage.id ? [stage.id] : []));
      if (kept.some((stageId) => !current.some((stage) => stage.id === stageId)) || new Set(kept).size < kept.length) throw stageError("validation.invalid");
      const removed = current.filter((stage) => !kept.includes(stage.id)).map((stage) => stage.id);
      if (removed.length) {
        const [held] = await tx.select({ n: count() }).from(opportunities).where(inArray(opportunities.stageId, removed));
        if (held!.n > 0) throw stageError("validation.stageHasDeals");
        // The stage history of deals that passed through keeps the stage (and time spent in it).
        const [passed] = await tx.select({ n: count() }).from(opportunityStageHistory).where(inArray(opportunityStageHistory.stageId, removed));
        if (passed!.n > 0) throw stageError("validation.stageHasHistory");
        await tx.delete(pipelineStages).where(and(eq(pipelineStages.pipelineId, before.id), kept.length ? notInArray(pipelineStages.id, kept) : undefined));
      }
      // A deal's open or closed state (and when it closed) follows its stage's outcome, so a stage
      // that holds deals keeps its outcome.
      const changed = values.stages.flatMap((stage, index) => {
        const was = current.find((candidate) => candidate.id === stage.id);
        return was && was.outcome !== stage.outcome ? [{ id: was.id, index }] : [];
      });
      if (changed.length) {
        const held = await tx.selectDistinct({ stageId: opportunities.stageId }).from(opportunities).where(inArray(opportunities.stageId, changed.map((stage) => stage.id)));
        const first = changed.find((stage) => held.some((row) => row.stageId === stage.id));
        if (first) throw new AppError("VALIDATION", "errors.VALIDATION", { [`stages.${first.index}.outcome`]: ["validation.stageOutcomeInUse"] });
      }
      for (const [position, stage] of values.stages.entries()) {
        const fields = { name: stage.name, probability: stage.probability, outcome: stage.outcome, position };
        if (stage.id) await tx.update(pipelineStages).set(fields).where(eq(pipelineStages.id, stage.id));
        else await tx.insert(pipelineStages).values({ ...fields, pipelineId: before.id });
      }
      const [pipeline] = (await tx.update(pipelines).set({ name: values.name }).where(eq(pipelines.id, before.id)).returning()) as [Pipeline];
      if (values.isDefault && !before.isDefault) await makeDefault(tx, pipeline.id);
      await recordAudit(tx, actor, {
        action: "pipeline.update",
        entityType: "pipeline",
        entityId: pipeline.id,
        before: { name: before.name, isDefault: before.isDefault, stages: current.sort((a, b) => a.position - b.position).map(auditedStage) },
        after: { name: pipeline.name, isDefault: before.isDefault || values.isDefault, stages: values.stages.map(auditedStage) },
      });
      return { ...pipeline, isDefault: before.isDefault || values.isDefault };
    });
  } catch (error) {
    throw nameTaken(error);
  }
}
