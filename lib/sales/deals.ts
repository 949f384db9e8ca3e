import "server-only";
import { likePattern } from "@/lib/like";
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import {
  activities,
  customers,
  dealSources,
  opportunities,
  opportunityStageHistory,
  orders,
  pipelineStages,
  users,
  type Activity,
  type Opportunity,
  type PipelineStage,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { visibleCustomerId } from "@/lib/customers/queries";
import { activitySchemaFor } from "@/lib/customers/schemas";
import { startOfDayIn } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { toMajorUnitsText, toMinorUnits } from "@/lib/money";
import { readSetting } from "@/lib/settings/queries";
import { isStorableText, moneyInput, optionalDay, optionalEnum, optionalNumber, optionalText, parseInput, requiredText, uuidParam, wholeNumber } from "@/lib/validation";
import { getPipeline, type PipelineWithStages } from "./pipelines";
import { effectiveProbability, parseDealNumber, stagesReaching, weightedAmount } from "./rules";
import { mayWrite, ownedBy, ownerInTeam, salesScope } from "./teams";

const optionalId = z.preprocess((value) => (value === "" ? undefined : value), uuidParam.optional());

const dealFieldsFor = (currency: string) => ({
  title: requiredText(160),
  amount: moneyInput(currency),
  expectedCloseOn: optionalDay,
  probability: optionalNumber(wholeNumber(0, 100)),
  ownerId: optionalId,
  source: optionalEnum(dealSources, "validation.invalid"),
  nextStep: optionalText(200),
});

const dealCreateSchemaFor = (currency: string) =>
  z.strictObject({
    ...dealFieldsFor(currency),
    customerId: uuidParam,
    pipelineId: optionalId,
    stageId: optionalId,
  });
export type DealCreateInput = z.input<ReturnType<typeof dealCreateSchemaFor>>;

const dealUpdateSchemaFor = (currency: string) => z.strictObject(dealFieldsFor(currency));
type DealUpdateValues = z.output<ReturnType<typeof dealUpdateSchemaFor>>;

const moveSchema = z.strictObject({
  stageId: uuidParam,
  lostReason: optionalText(200),
});
type MoveValues = z.output<typeof moveSchema>;

/** A deal the actor may read, or NOT_FOUND; locked when `forUpdate`. */
async function visibleDeal(db: Database, actor: Actor, dealId: unknown, forUpdate = false): Promise<Opportunity> {
  assertCan(actor, "deals.read");
  const id = uuidParam.safeParse(dealId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const scope = await salesScope(actor, db);
  const query = db
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.id, id.data), ownedBy(opportunities.ownerId, scope.read)));
  const [deal] = forUpdate ? await query.for("update") : await query;
  if (!deal) throw new AppError("NOT_FOUND");
  return deal;
}

/** A deal the actor may change: NOT_FOUND when they cannot see it, FORBIDDEN when they can only read it. */
async function writableDeal(tx: Database, actor: Actor, dealId: unknown): Promise<Opportunity> {
  assertCan(actor, "deals.write");
  const deal = await visibleDeal(tx, actor, dealId, true);
  if (!mayWrite(await salesScope(actor, tx), deal.ownerId)) throw new AppError("FORBIDDEN");
  return deal;
}

/** Who will own the deal: the actor, unless someone may hand it to a colleague in their scope. */
async function resolveOwner(db: Database, actor: Actor, requested: string | undefined, current?: string): Promise<string> {
  const self = actor.kind === "user" ? actor.userId : undefined;
  const wanted = requested ?? current ?? self;
  if (!wanted) throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.required"] });
  if (wanted === current || wanted === self) return wanted;
  if (!can(actor, "deals.reassign")) throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.ownerNotAllowed"] });
  const scope = await salesScope(actor, db);
  if (!mayWrite(scope, wanted)) throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.ownerNotAllowed"] });
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, wanted), eq(users.active, true), inArray(users.role, ["admin", "manager", "sales_rep"])));
  if (!user) throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.ownerNotAllowed"] });
  return wanted;
}

function stageOf(pipeline: PipelineWithStages, stageId: string | undefined): PipelineStage {
  const stage = stageId ? pipeline.stages.find((candidate) => candidate.id === stageId) : pipeline.stages.find((candidate) => candidate.outcome === "open");
  if (!stage) throw new AppError("VALIDATION", "errors.VALIDATION", { stageId: ["validation.invalid"] });
  return stage;
}

function assertLostReason(stage: PipelineStage, lostReason: string | null | undefined) {
  if (stage.outcome === "lost" && !lostReason) throw new AppError("VALIDATION", "errors.lostReasonRequired", { lostReason: ["validation.lostReasonRequired"] });
}

const boardEvent = (tx: Database, deal: Pick<Opportunity, "id" | "pipelineId">, type: string) =>
  publishEvent(tx, { type, entityType: "deal", entityId: deal.id, permission: "deals.read" });

export async function createDeal(actor: Actor, input: unknown): Promise<Opportunity> {
  assertCan(actor, "deals.write");
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const values = parseInput(dealCreateSchemaFor(currency), input);
  const customerId = await visibleCustomerId(actor, values.customerId).catch(() => {
    throw new AppError("VALIDATION", "errors.VALIDATION", { customerId: ["validation.customerUnknown"] });
  });
  const pipeline = await getPipeline(actor, values.pipelineId, db).catch(() => {
    throw new AppError("VALIDATION", "errors.VALIDATION", { pipelineId: ["validation.invalid"] });
  });
  const stage = stageOf(pipeline, values.stageId);
  if (stage.outcome !== "open") throw new AppError("VALIDATION", "errors.VALIDATION", { stageId: ["validation.stageNotOpen"] });
  const ownerId = await resolveOwner(db, actor, values.ownerId);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [deal] = (await tx
      .insert(opportunities)
      .values({
        customerId,
        pipelineId: pipeline.id,
        stageId: stage.id,
        title: values.title,
        amount: values.amount,
        currency,
        expectedCloseOn: values.expectedCloseOn ?? null,
        probability: values.probability ?? null,
        ownerId,
        source: values.source ?? null,
        nextStep: values.nextStep ?? null,
        stageEnteredAt: now,
        createdBy: actor.kind === "user" ? actor.userId : null,
      })
      .returning()) as [Opportunity];
    await tx.insert(opportunityStageHistory).values({ opportunityId: deal.id, stageId: stage.id, enteredAt: now, movedBy: actor.kind === "user" ? actor.userId : null });
    await recordAudit(tx, actor, { action: "deal.create", entityType: "deal", entityId: deal.id, after: { title: deal.title, amount: deal.amount, stage: stage.name, ownerId, customerId } });
    await boardEvent(tx, deal, "deal.created");
    return deal;
  });
}

/** Edits a deal's fields; giving it to another owner needs `deals.reassign` and is audited as such. */
export async function updateDeal(actor: Actor, dealId: unknown, input: unknown): Promise<Opportunity> {
  assertCan(actor, "deals.write");
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const values = parseInput(dealUpdateSchemaFor(currency), input);
  return db.transaction(async (tx) => applyUpdate(tx, actor, await writableDeal(tx, actor, dealId), values));
}

/** `updateDeal`'s writes to a deal locked in `tx`: the fields, the owner, their audit rows and the event. */
async function applyUpdate(tx: Database, actor: Actor, before: Opportunity, values: DealUpdateValues): Promise<Opportunity> {
  const ownerId = await resolveOwner(tx, actor, values.ownerId, before.ownerId);
  const [deal] = (await tx
    .update(opportunities)
    .set({
      title: values.title,
      amount: values.amount,
      expectedCloseOn: values.expectedCloseOn ?? null,
      probability: values.probability ?? null,
      ownerId,
      source: values.source ?? null,
      nextStep: values.nextStep ?? null,
    })
    .where(eq(opportunities.id, before.id))
    .returning()) as [Opportunity];
  const fields = ["title", "amount", "expectedCloseOn", "probability", "source", "nextStep"] as const;
  await recordAudit(tx, actor, {
    action: "deal.update",
    entityType: "deal",
    entityId: deal.id,
    before: Object.fromEntries(fields.map((field) => [field, before[field]])),
    after: Object.fromEntries(fields.map((field) => [field, deal[field]])),
  });
  if (ownerId !== before.ownerId) {
    await recordAudit(tx, actor, { action: "deal.reassign", entityType: "deal", entityId: deal.id, before: { ownerId: before.ownerId }, after: { ownerId } });
  }
  await boardEvent(tx, deal, "deal.updated");
  return deal;
}

/**
 * Moves a deal to another stage of its pipeline. A lost stage needs a reason; a won or lost stage
 * closes the deal, and moving it back to an open stage opens it again. The stage history records
 * how long the deal spent in each stage.
 */
export async function moveDeal(actor: Actor, dealId: unknown, input: unknown): Promise<Opportunity> {
  assertCan(actor, "deals.write");
  const values = parseInput(moveSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => applyMove(tx, actor, await writableDeal(tx, actor, dealId), values));
}

/** `moveDeal`'s writes to a deal locked in `tx`: the stage, its history, the audit row and the event; none when it is in that stage already. */
async function applyMove(tx: Database, actor: Actor, before: Opportunity, values: MoveValues): Promise<Opportunity> {
  const [stage] = await tx
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.id, values.stageId), eq(pipelineStages.pipelineId, before.pipelineId)));
  if (!stage) throw new AppError("VALIDATION", "errors.VALIDATION", { stageId: ["validation.invalid"] });
  if (stage.id === before.stageId) return before;
  assertLostReason(stage, values.lostReason);
  const now = new Date();
  const [deal] = (await tx
    .update(opportunities)
    .set({
      stageId: stage.id,
      stageEnteredAt: now,
      closedAt: stage.outcome === "open" ? null : now,
      lostReason: stage.outcome === "lost" ? values.lostReason! : null,
    })
    .where(eq(opportunities.id, before.id))
    .returning()) as [Opportunity];
  await tx
    .update(opportunityStageHistory)
    .set({ leftAt: now })
    .where(and(eq(opportunityStageHistory.opportunityId, deal.id), isNull(opportunityStageHistory.leftAt)));
  await tx.insert(opportunityStageHistory).values({ opportunityId: deal.id, stageId: stage.id, enteredAt: now, movedBy: actor.kind === "user" ? actor.userId : null });
  const [from] = await tx.select({ name: pipelineStages.name }).from(pipelineStages).where(eq(pipelineStages.id, before.stageId));
  await recordAudit(tx, actor, {
    action: stage.outcome === "won" ? "deal.won" : stage.outcome === "lost" ? "deal.lost" : "deal.move",
    entityType: "deal",
    entityId: deal.id,
    before: { stage: from?.name ?? null },
    after: { stage: stage.name, ...(deal.lostReason ? { lostReason: deal.lostReason } : {}) },
  });
  await boardEvent(tx, deal, "deal.moved");
  return deal;
}

/** A deal's stored fields as `updateDeal` input, the amount as major-unit text of `currency`; null for an empty field. */
function inputOf(deal: Opportunity, currency: string): Record<string, unknown> {
  const { title, expectedCloseOn, probability, ownerId, source, nextStep } = deal;
  return { title, amount: toMajorUnitsText(deal.amount, currency), expectedCloseOn, probability, ownerId, source, nextStep };
}

/**
 * Changes only the fields `patch` names (the API's PATCH), `null` clearing an optional one, and
 * moves the deal when `patch.stageId` is another stage (a lost one needs `patch.lostReason`). All
 * in one transaction on the locked deal: a refused move changes no field either, and concurrent
 * patches of different fields both survive. Audited as `updateDeal` and `moveDeal` are.
 */
export async function patchDeal(actor: Actor, dealId: unknown, patch: unknown): Promise<Opportunity> {
  assertCan(actor, "deals.write");
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw new AppError("VALIDATION", "validation.invalid");
  const { stageId, lostReason, ...changes } = patch as Record<string, unknown>;
  const named = Object.entries(changes).filter(([, value]) => value !== undefined);
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  return db.transaction(async (tx) => {
    let deal = await writableDeal(tx, actor, dealId);
    if (stageId === undefined && lostReason !== undefined) throw new AppError("VALIDATION", "errors.VALIDATION", { lostReason: ["validation.lostReasonWithoutStage"] });
    if (named.length > 0) {
      const merged = Object.entries({ ...inputOf(deal, currency), ...Object.fromEntries(named) }).filter(([, value]) => value !== null);
      deal = await applyUpdate(tx, actor, deal, parseInput(dealUpdateSchemaFor(currency), Object.fromEntries(merged)));
    }
    if (stageId !== undefined) deal = await applyMove(tx, actor, deal, parseInput(moveSchema, { stageId, lostReason }));
    return deal;
  });
}

const ownerUser = alias(users, "owner");

const cardColumns = {
  id: opportunities.id,
  number: opportunities.number,
  title: opportunities.title,
  amount: opportunities.amount,
  currency: opportunities.currency,
  probability: opportunities.probability,
  expectedCloseOn: opportunities.expectedCloseOn,
  stageId: opportunities.stageId,
  stageEnteredAt: opportunities.stageEnteredAt,
  closedAt: opportunities.closedAt,
  ownerId: opportunities.ownerId,
  customerId: opportunities.customerId,
  customerName: customers.name,
  ownerName: ownerUser.name,
};

export type DealCard = {
  id: string;
  number: number;
  title: string;
  amount: number;
  currency: string;
  /** The effective win probability: the deal's own, or its stage's. */
  probability: number;
  /** The deal's own probability, which moving it to another stage keeps; null follows the stage. */
  ownProbability: number | null;
  weighted: number;
  expectedCloseOn: string | null;
  stageId: string;
  stageEnteredAt: Date;
  ownerId: string;
  ownerName: string;
  customerId: string;
  customerName: string;
  canEdit: boolean;
};

/** Won and lost deals stay on the board this many days after they closed. */
export const closedOnBoardDays = 30;

export type BoardColumn = { stage: PipelineStage; deals: DealCard[]; total: number; weighted: number };

/**
 * The kanban board of a pipeline: every open deal the actor may read, and the deals won or lost in
 * the last 30 days; each column with its count, total and weighted total.
 */
export async function getBoard(actor: Actor, rawParams: unknown): Promise<{ pipeline: PipelineWithStages; columns: BoardColumn[] }> {
  const params = boardParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const pipeline = await getPipeline(actor, params.pipeline, db);
  const scope = await salesScope(actor);
  const owner = params.owner === "me" ? (actor.kind === "user" ? actor.userId : undefined) : params.owner;
  const rows = await db
    .select(cardColumns)
    .from(opportunities)
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .innerJoin(ownerUser, eq(ownerUser.id, opportunities.ownerId))
    .where(
      and(
        eq(opportunities.pipelineId, pipeline.id),
        ownedBy(opportunities.ownerId, scope.read),
        owner ? eq(opportunities.ownerId, owner) : undefined,
        or(isNull(opportunities.closedAt), gte(opportunities.closedAt, sql`now() - make_interval(days => ${closedOnBoardDays})`)),
      ),
    )
    .orderBy(desc(opportunities.stageEnteredAt), desc(opportunities.number));
  const stages = new Map(pipeline.stages.map((stage) => [stage.id, stage]));
  const columns = pipeline.stages.map((stage): BoardColumn => ({ stage, deals: [], total: 0, weighted: 0 }));
  const byStage = new Map(columns.map((column) => [column.stage.id, column]));
  for (const row of rows) {
    const column = byStage.get(row.stageId);
    if (!column) continue;
    const card = toCard(row, stages.get(row.stageId)!, scope);
    column.deals.push(card);
    column.total += card.amount;
    column.weighted += card.weighted;
  }
  return { pipeline, columns };
}

function toCard(row: { probability: number | null; amount: number; ownerId: string } & Omit<DealCard, "probability" | "ownProbability" | "weighted" | "canEdit">, stage: PipelineStage, scope: Awaited<ReturnType<typeof salesScope>>): DealCard {
  const probability = effectiveProbability(row, stage);
  return { ...row, probability, ownProbability: row.probability, weighted: weightedAmount(row.amount, probability), canEdit: mayWrite(scope, row.ownerId) };
}

export const boardParamsSchema = z.object({
  pipeline: uuidParam.optional().catch(undefined),
  owner: z.union([z.literal("me"), uuidParam]).optional().catch(undefined),
});

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export const dealListParamsSchema = z.object({
  q: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  owner: z.union([z.literal("me"), uuidParam]).optional().catch(undefined),
  pipeline: uuidParam.optional().catch(undefined),
  stage: uuidParam.optional().catch(undefined),
  status: z.enum(["open", "won", "lost", "all"]).catch("open"),
  close: z.string().regex(monthPattern).optional().catch(undefined),
  /** The owner's team (`none`: owned by nobody in a team), as the dashboards filter. */
  team: z.union([z.literal("none"), uuidParam]).optional().catch(undefined),
  /** Created in these months (`YYYY-MM`, both included) of the organisation's calendar. */
  createdFrom: z.string().regex(monthPattern).optional().catch(undefined),
  createdTo: z.string().regex(monthPattern).optional().catch(undefined),
  /** Won or lost in these months (`YYYY-MM`, both included): only closed deals have a close time. */
  closedFrom: z.string().regex(monthPattern).optional().catch(undefined),
  closedTo: z.string().regex(monthPattern).optional().catch(undefined),
  /** Reached this stage or a later step of its pipeline at some time (see `stagesReaching`). */
  reached: uuidParam.optional().catch(undefined),
  min: z.string().trim().max(20).optional().catch(undefined),
  max: z.string().trim().max(20).optional().catch(undefined),
  sort: z.enum(["close", "amount", "updated", "title", "stage"]).catch("close"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))
    .catch(25),
});
export type DealListParams = z.infer<typeof dealListParamsSchema>;

/** The first instant of `month` (`YYYY-MM`) in `timeZone`. */
const monthStartIn = (month: string, timeZone: string) => startOfDayIn(`${month}-01`, timeZone);

/** The stage ids that count as having reached `stageId` (none for an unknown stage). */
async function reachingStages(db: Database, stageId: string): Promise<string[]> {
  const stages = await db
    .select({ id: pipelineStages.id, position: pipelineStages.position, outcome: pipelineStages.outcome })
    .from(pipelineStages)
    .where(sql`${pipelineStages.pipelineId} = (select ${pipelineStages.pipelineId} from ${pipelineStages} where ${pipelineStages.id} = ${stageId})`);
  return stagesReaching(stages, stageId);
}

/**
 * The deal list: filters on owner, team, stage, status, expected close month, amount, the months
 * created or closed in and the stage reached (the dashboards' drill-downs); sorting; pages.
 */
export async function listDeals(actor: Actor, rawParams: unknown) {
  assertCan(actor, "deals.read");
  const params = dealListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { currency, timeZone } = await readSetting("organisation", db);
  const reached = params.reached ? await reachingStages(db, params.reached) : null;
  const scope = await salesScope(actor);
  const owner = params.owner === "me" ? (actor.kind === "user" ? actor.userId : undefined) : params.owner;
  const min = params.min ? toMinorUnits(params.min, currency) : null;
  const max = params.max ? toMinorUnits(params.max, currency) : null;
  const number = params.q ? parseDealNumber(params.q) : null;
  const conditions: (SQL | undefined)[] = [
    ownedBy(opportunities.ownerId, scope.read),
    owner ? eq(opportunities.ownerId, owner) : undefined,
    params.pipeline ? eq(opportunities.pipelineId, params.pipeline) : undefined,
    params.stage ? eq(opportunities.stageId, params.stage) : undefined,
    params.status === "all" ? undefined : eq(pipelineStages.outcome, params.status),
    params.close ? and(gte(opportunities.expectedCloseOn, `${params.close}-01`), lt(opportunities.expectedCloseOn, nextMonthStart(params.close))) : undefined,
    ownerInTeam(opportunities.ownerId, params.team),
    params.createdFrom ? gte(opportunities.createdAt, monthStartIn(params.createdFrom, timeZone)) : undefined,
    params.createdTo ? lt(opportunities.createdAt, monthStartIn(nextMonthStart(params.createdTo).slice(0, 7), timeZone)) : undefined,
    params.closedFrom ? gte(opportunities.closedAt, monthStartIn(params.closedFrom, timeZone)) : undefined,
    params.closedTo ? lt(opportunities.closedAt, monthStartIn(nextMonthStart(params.closedTo).slice(0, 7), timeZone)) : undefined,
    reached === null
      ? undefined
      : reached.length === 0
        ? sql`false`
        : sql`${opportunities.reachedStageIds} && ${`{${reached.join(",")}}`}::uuid[]`,
    min !== null ? gte(opportunities.amount, min) : undefined,
    max !== null ? lte(opportunities.amount, max) : undefined,
    params.q ? or(ilike(opportunities.title, likePattern(params.q)), ilike(customers.name, likePattern(params.q)), number !== null ? eq(opportunities.number, number) : undefined) : undefined,
  ];
  const where = and(...conditions);
  const direction = params.dir === "asc" ? asc : desc;
  const order = {
    // Deals without a close date go last in either direction.
    close: [params.dir === "asc" ? sql`${opportunities.expectedCloseOn} asc nulls last` : sql`${opportunities.expectedCloseOn} desc nulls last`],
    amount: [direction(opportunities.amount)],
    updated: [direction(opportunities.updatedAt)],
    title: [direction(sql`lower(${opportunities.title})`)],
    stage: [direction(pipelineStages.position)],
  }[params.sort];
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({ ...cardColumns, stage: pipelineStages })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .innerJoin(ownerUser, eq(ownerUser.id, opportunities.ownerId))
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .where(where)
      .orderBy(...order, desc(opportunities.number))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ total: count() })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .where(where),
  ]);
  return {
    rows: rows.map(({ stage, ...row }) => ({ ...toCard(row, stage, scope), stageName: stage.name, outcome: stage.outcome })),
    total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / params.pageSize)),
  };
}

/** Deals the actor may read with their stage, newest first by number, for cursor pages: `before` is the last number of the previous page. */
export async function listDealsBefore(
  actor: Actor,
  filter: { stageId?: string; ownerId?: string; customerId?: string; pipelineId?: string; status?: PipelineStage["outcome"] },
  page: { before?: number; limit: number },
): Promise<(Opportunity & { stage: PipelineStage })[]> {
  assertCan(actor, "deals.read");
  const db = await getDb();
  const scope = await salesScope(actor);
  const rows = await db
    .select({ deal: opportunities, stage: pipelineStages })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(
      and(
        ownedBy(opportunities.ownerId, scope.read),
        filter.stageId ? eq(opportunities.stageId, filter.stageId) : undefined,
        filter.ownerId ? eq(opportunities.ownerId, filter.ownerId) : undefined,
        filter.customerId ? eq(opportunities.customerId, filter.customerId) : undefined,
        filter.pipelineId ? eq(opportunities.pipelineId, filter.pipelineId) : undefined,
        filter.status ? eq(pipelineStages.outcome, filter.status) : undefined,
        page.before !== undefined ? lt(opportunities.number, page.before) : undefined,
      ),
    )
    .orderBy(desc(opportunities.number))
    .limit(page.limit + 1);
  return rows.map(({ deal, stage }) => ({ ...deal, stage }));
}

/** A deal the actor may read with its stage, in one query: what the API answers with. NOT_FOUND otherwise. */
export async function getDealWithStage(actor: Actor, dealId: unknown): Promise<Opportunity & { stage: PipelineStage }> {
  assertCan(actor, "deals.read");
  const id = uuidParam.safeParse(dealId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const scope = await salesScope(actor);
  const [row] = await db
    .select({ deal: opportunities, stage: pipelineStages })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(and(eq(opportunities.id, id.data), ownedBy(opportunities.ownerId, scope.read)));
  if (!row) throw new AppError("NOT_FOUND");
  return { ...row.deal, stage: row.stage };
}

/** The first day (`YYYY-MM-DD`) of the month after `month` (`YYYY-MM`). */
function nextMonthStart(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01-01` : `${year}-${String(monthNumber + 1).padStart(2, "0")}-01`;
}

/** A deal with its stage history (time in each stage), its activities and the orders made from it. */
export async function getDeal(actor: Actor, dealId: unknown) {
  const db = await getDb();
  const deal = await visibleDeal(db, actor, dealId);
  const scope = await salesScope(actor);
  const [pipeline, [customer], [owner], history, dealActivities, dealOrders] = await Promise.all([
    getPipeline(actor, deal.pipelineId, db),
    db.select({ id: customers.id, name: customers.name, number: customers.number }).from(customers).where(eq(customers.id, deal.customerId)),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, deal.ownerId)),
    db
      .select({ id: opportunityStageHistory.id, stageId: opportunityStageHistory.stageId, stageName: pipelineStages.name, enteredAt: opportunityStageHistory.enteredAt, leftAt: opportunityStageHistory.leftAt })
      .from(opportunityStageHistory)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunityStageHistory.stageId))
      .where(eq(opportunityStageHistory.opportunityId, deal.id))
      .orderBy(asc(opportunityStageHistory.enteredAt), asc(opportunityStageHistory.id)),
    db
      .select({ id: activities.id, kind: activities.kind, subject: activities.subject, body: activities.body, occurredAt: activities.occurredAt, authorName: users.name })
      .from(activities)
      .leftJoin(users, eq(users.id, activities.createdBy))
      .where(eq(activities.opportunityId, deal.id))
      .orderBy(desc(activities.occurredAt))
      .limit(50),
    db
      .select({ id: orders.id, number: orders.number, status: orders.status, total: orders.total, currency: orders.currency, placedAt: orders.placedAt })
      .from(orders)
      .where(eq(orders.opportunityId, deal.id))
      .orderBy(desc(orders.placedAt)),
  ]);
  const stage = pipeline.stages.find((candidate) => candidate.id === deal.stageId)!;
  const now = Date.now();
  return {
    deal,
    pipeline,
    stage,
    probability: effectiveProbability(deal, stage),
    customer: customer!,
    owner: owner!,
    canEdit: can(actor, "deals.write") && mayWrite(scope, deal.ownerId),
    canReassign: can(actor, "deals.reassign"),
    history: history.map((entry) => ({ ...entry, milliseconds: (entry.leftAt?.getTime() ?? now) - entry.enteredAt.getTime() })),
    activities: dealActivities,
    orders: dealOrders,
  };
}

/** Open deals of a customer the actor may read, for the customer page. */
export async function listCustomerDeals(actor: Actor, customerId: unknown) {
  if (!can(actor, "deals.read")) return [];
  const id = await visibleCustomerId(actor, customerId);
  const db = await getDb();
  const scope = await salesScope(actor);
  return db
    .select({ id: opportunities.id, number: opportunities.number, title: opportunities.title, amount: opportunities.amount, currency: opportunities.currency, stageName: pipelineStages.name, outcome: pipelineStages.outcome, expectedCloseOn: opportunities.expectedCloseOn })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(and(eq(opportunities.customerId, id), ownedBy(opportunities.ownerId, scope.read)))
    .orderBy(desc(opportunities.updatedAt))
    .limit(20);
}

/** For the order form: a won deal the actor may read, to turn into an order. */
export async function getWonDeal(actor: Actor, dealId: unknown, db?: Database) {
  const database = db ?? (await getDb());
  const deal = await visibleDeal(database, actor, dealId);
  const [stage] = await database.select().from(pipelineStages).where(eq(pipelineStages.id, deal.stageId));
  if (stage?.outcome !== "won") throw new AppError("INVALID_STATE", "errors.dealNotWon");
  return deal;
}

/**
 * Logs a call, meeting, e-mail, note or visit about a deal the actor may read. It is the customer's
 * activity too, so it shows on the customer's timeline as well as on the deal.
 */
export async function logDealActivity(actor: Actor, dealId: unknown, input: unknown): Promise<Activity> {
  assertCan(actor, "activities.write");
  assertCan(actor, "deals.read");
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const values = parseInput(activitySchemaFor(timeZone), input);
  return db.transaction(async (tx) => {
    const deal = await visibleDeal(tx, actor, dealId);
    const [activity] = (await tx
      .insert(activities)
      .values({
        ...values,
        body: values.body ?? null,
        durationMinutes: values.durationMinutes ?? null,
        customerId: deal.customerId,
        opportunityId: deal.id,
        createdBy: actor.kind === "user" ? actor.userId : null,
      })
      .returning()) as [Activity];
    await recordAudit(tx, actor, { action: "activity.create", entityType: "activity", entityId: activity.id, after: activity });
    await publishEvent(tx, { type: "deal.activity_logged", entityType: "deal", entityId: deal.id, permission: "deals.read" });
    await publishEvent(tx, { type: "customer.activity_logged", entityType: "customer", entityId: deal.customerId, permission: "customers.read" });
    return activity;
  });
}
