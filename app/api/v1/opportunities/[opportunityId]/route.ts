import { apiRoute } from "@/lib/http/api";
import { opportunityOperations, toOpportunityResource } from "@/lib/integration/api/opportunities";
import { getDealWithStage, patchDeal } from "@/lib/sales/deals";

export const GET = apiRoute(opportunityOperations.get, async ({ actor, params }) => {
  const deal = await getDealWithStage(actor, params.opportunityId);
  return toOpportunityResource(deal, deal.stage);
});

export const PATCH = apiRoute(opportunityOperations.update, async ({ actor, params, body }) => {
  const deal = await getDealWithStage(actor, (await patchDeal(actor, params.opportunityId, body)).id);
  return toOpportunityResource(deal, deal.stage);
});
