import { z } from "zod";
import { dealSources, stageOutcomes, type Opportunity, type PipelineStage } from "@/db/schema";
import { effectiveProbability, formatDealNumber } from "@/lib/sales/rules";
import { calendarDay, optionalDay, optionalEnum, optionalNumber, optionalText, requiredText, wholeNumber } from "@/lib/validation";
import { listOf, pageParams } from "../cursor";
import { defineOperation } from "../operation";
import { majorAmount, requiredOrInvalid } from "./fields";

export const opportunityResource = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ example: "D-000123" }),
    title: z.string(),
    customerId: z.uuid(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    stageName: z.string(),
    status: z.enum(stageOutcomes).meta({ description: "The outcome of its stage: `open`, or closed as `won` or `lost`." }),
    amount: z.int().meta({ description: "In minor units of `currency`." }),
    currency: z.string().meta({ example: "CNY" }),
    probability: z.int().meta({ description: "The win probability in percent: its own, or else its stage's." }),
    ownProbability: z.int().nullable().meta({ description: "The deal's own win probability; null follows the stage." }),
    expectedCloseOn: z.iso.date().nullable(),
    ownerId: z.uuid(),
    source: z.enum(dealSources).nullable(),
    nextStep: z.string().nullable(),
    lostReason: z.string().nullable(),
    stageEnteredAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Opportunity" });

export function toOpportunityResource(deal: Opportunity, stage: PipelineStage): z.input<typeof opportunityResource> {
  return {
    id: deal.id,
    number: formatDealNumber(deal.number),
    title: deal.title,
    customerId: deal.customerId,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    stageName: stage.name,
    status: stage.outcome,
    amount: deal.amount,
    currency: deal.currency,
    probability: effectiveProbability(deal, stage),
    ownProbability: deal.probability,
    expectedCloseOn: deal.expectedCloseOn,
    ownerId: deal.ownerId,
    source: deal.source,
    nextStep: deal.nextStep,
    lostReason: deal.lostReason,
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    closedAt: deal.closedAt?.toISOString() ?? null,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
  };
}

const amount = majorAmount.meta({
  description: "In major units of the organisation's currency, a number or a decimal string (`12000`, `\"12,000.50\"`); answers give minor units.",
});

const fields = {
  title: requiredText(160),
  amount,
  expectedCloseOn: optionalDay.meta({ description: "YYYY-MM-DD." }),
  probability: optionalNumber(wholeNumber(0, 100)).meta({ description: "The deal's own win probability in percent; left out, it follows the stage." }),
  source: optionalEnum(dealSources, "validation.invalid"),
  nextStep: optionalText(200),
};

const opportunityInput = z
  .strictObject({
    customerId: z.uuid(requiredOrInvalid),
    ...fields,
    ownerId: z.uuid(requiredOrInvalid).meta({ description: "An active admin, manager or sales rep." }),
    pipelineId: z.uuid({ error: "validation.invalid" }).optional().meta({ description: "Left out: the default pipeline." }),
    stageId: z.uuid({ error: "validation.invalid" }).optional().meta({ description: "An open stage of the pipeline; left out: its first open stage." }),
  })
  .meta({ id: "OpportunityInput" });

const clearable = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]).optional();

const opportunityPatch = z
  .strictObject({
    title: fields.title.optional(),
    amount: amount.optional(),
    expectedCloseOn: clearable(calendarDay).meta({ description: "YYYY-MM-DD; null clears it." }),
    probability: clearable(wholeNumber(0, 100)).meta({ description: "The deal's own win probability in percent; null follows the stage." }),
    source: clearable(z.enum(dealSources, { error: "validation.invalid" })),
    nextStep: clearable(z.string({ error: "validation.invalid" }).trim().max(200, { error: "validation.tooLong" })),
    ownerId: z.uuid({ error: "validation.invalid" }).optional().meta({ description: "Gives the deal to another active admin, manager or sales rep." }),
    stageId: z.uuid({ error: "validation.invalid" }).optional().meta({ description: "Moves the deal to this stage of its pipeline; a won or lost stage closes it, an open one opens it again." }),
    lostReason: optionalText(200).meta({ description: "Why the deal was lost: needed, and only taken, with a `stageId` of a lost stage." }),
  })
  .meta({ id: "OpportunityPatch" });

const opportunityFilters = z.strictObject({
  stageId: z.uuid({ error: "validation.invalid" }).optional(),
  status: z.enum(stageOutcomes, { error: "validation.invalid" }).optional().meta({ description: "Open, won or lost deals; all when left out." }),
  ownerId: z.uuid({ error: "validation.invalid" }).optional(),
  customerId: z.uuid({ error: "validation.invalid" }).optional(),
  pipelineId: z.uuid({ error: "validation.invalid" }).optional(),
  ...pageParams,
});

export const opportunityOperations = {
  list: defineOperation({
    method: "GET",
    path: "/opportunities",
    operationId: "listOpportunities",
    summary: "List opportunities",
    description: "Deals, newest first by number; filters by stage, status, owner, customer and pipeline.",
    tag: "Opportunities",
    scope: "opportunities:read",
    query: opportunityFilters,
    response: listOf(opportunityResource),
  }),
  create: defineOperation({
    method: "POST",
    path: "/opportunities",
    operationId: "createOpportunity",
    summary: "Create an opportunity",
    description: "A deal for a customer, owned by `ownerId`, in an open stage of a pipeline (by default the default pipeline's first open stage).",
    tag: "Opportunities",
    scope: "opportunities:write",
    body: opportunityInput,
    example: { customerId: "3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c", title: "Year-end gift boxes", amount: "12000", ownerId: "7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d", expectedCloseOn: "2026-12-20", source: "referral" },
    response: opportunityResource,
    status: 201,
    errors: [409],
  }),
  get: defineOperation({
    method: "GET",
    path: "/opportunities/{opportunityId}",
    operationId: "getOpportunity",
    summary: "Get an opportunity",
    tag: "Opportunities",
    scope: "opportunities:read",
    response: opportunityResource,
    errors: [404],
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/opportunities/{opportunityId}",
    operationId: "updateOpportunity",
    summary: "Change an opportunity or move it to another stage",
    description:
      "Changes the fields the body names; null clears an optional one. `stageId` moves the deal to another stage of its pipeline; moving it to a lost stage needs `lostReason` " +
      "(422 `lost_reason_required`). Every check comes first: a refused request changes nothing.",
    tag: "Opportunities",
    scope: "opportunities:write",
    body: opportunityPatch,
    example: { stageId: "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", nextStep: "Send the signed quote", probability: null },
    response: opportunityResource,
    errors: [404],
  }),
};
