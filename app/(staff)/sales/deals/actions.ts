"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/http/action";
import { createDeal, logDealActivity, moveDeal, updateDeal } from "@/lib/sales/deals";

function revalidateLists(dealId: string) {
  revalidatePath(`/sales/deals/${dealId}`);
  revalidatePath("/sales/deals");
  revalidatePath("/sales/pipeline");
}

export const createDealAction = defineAction(
  (values, actor) => createDeal(actor, values),
  (deal) => {
    revalidateLists(deal.id);
    redirect(`/sales/deals/${deal.id}`);
  },
);

export const updateDealAction = defineAction(
  ({ id, ...values }, actor) => updateDeal(actor, id, values),
  (deal) => {
    revalidateLists(deal.id);
    redirect(`/sales/deals/${deal.id}`);
  },
);

export const moveDealAction = defineAction(
  async ({ dealId, ...values }, actor) => {
    const deal = await moveDeal(actor, dealId, values);
    return { id: deal.id, stageId: deal.stageId };
  },
  (deal) => revalidateLists(deal.id),
);

export const logDealActivityAction = defineAction(
  async ({ dealId, ...values }, actor) => {
    const activity = await logDealActivity(actor, dealId, values);
    return { id: activity.id, dealId: activity.opportunityId!, customerId: activity.customerId };
  },
  (activity) => {
    revalidatePath(`/sales/deals/${activity.dealId}`);
    revalidatePath(`/customers/${activity.customerId}`);
  },
);
