import { apiRoute } from "@/lib/http/api";
import { opportunityOperations, toOpportunityResource } from "@/lib/integration/api/opportunities";
import { pageOf } from "@/lib/integration/cursor";
import { createDeal, getDealWithStage, listDealsBefore } from "@/lib/sales/deals";

export const GET = apiRoute(opportunityOperations.list, async ({ actor, query: { cursor, limit, ...filter } }) => {
  const { rows, nextCursor } = pageOf(await listDealsBefore(actor, filter, { before: cursor, limit }), limit);
  return { data: rows.map((row) => toOpportunityResource(row, row.stage)), nextCursor };
});

export const POST = apiRoute(opportunityOperations.create, async ({ actor, body }) => {
  const deal = await getDealWithStage(actor, (await createDeal(actor, body)).id);
  return toOpportunityResource(deal, deal.stage);
});
