import { apiRoute } from "@/lib/http/api";
import { opportunityOperations, patchOpportunity, toOpportunityResource } from "@/lib/integration/api/opportunities";
import { getDeal } from "@/lib/sales/deals";

export const GET = apiRoute(opportunityOperations.get, async ({ actor, params }) => {
  const { deal, stage } = await getDeal(actor, params.opportunityId);
  return toOpportunityResource(deal, stage);
});

export const PATCH = apiRoute(opportunityOperations.update, async ({ actor, params, body }) => {
  const { deal, stage } = await patchOpportunity(actor, params.opportunityId, body);
  return toOpportunityResource(deal, stage);
});
