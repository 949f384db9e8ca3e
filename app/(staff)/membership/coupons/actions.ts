"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createCouponTemplate, startCouponBatch, updateCouponTemplate } from "@/lib/membership/coupons";

/** The coupon screens are tabs of the programme's screens. */
const revalidateCoupons = () => revalidatePath("/membership/coupons", "layout");

/**
 * The template form's fields. An unticked checkbox sends nothing, which the schema would read as
 * its default (active): say "false" outright.
 */
const templateInput = ({ active, ...values }: FormValues) => ({ ...values, active: active === "on" ? "on" : "false" });

export const createCouponTemplateAction = defineAction(
  (values, actor) => createCouponTemplate(actor, templateInput(values)),
  () => {
    revalidateCoupons();
    redirect("/membership/coupons");
  },
);

export const updateCouponTemplateAction = defineAction(
  ({ id, ...values }, actor) => updateCouponTemplate(actor, id, templateInput(values)),
  () => {
    revalidateCoupons();
    redirect("/membership/coupons");
  },
);

/** Queues the bulk issue and opens its progress page. */
export const startCouponBatchAction = defineAction(
  ({ templateId, segmentId }, actor) => startCouponBatch(actor, { templateId, segmentId }),
  (batch) => {
    revalidateCoupons();
    redirect(`/membership/coupons/batches/${batch.id}`);
  },
);
