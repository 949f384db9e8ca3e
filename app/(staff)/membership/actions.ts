"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createCampaign, createTier, deleteTier, updateCampaign, updateTier } from "@/lib/membership/programme";
import { updateSetting } from "@/lib/settings/commands";

/** Every screen of the programme shows its rules (tiers on the overview, the rate on the settings). */
const revalidateProgramme = () => revalidatePath("/membership", "layout");

export const createTierAction = defineAction(
  (values, actor) => createTier(actor, values),
  revalidateProgramme,
);

export const updateTierAction = defineAction(
  ({ id, ...values }, actor) => updateTier(actor, id, values),
  () => {
    revalidateProgramme();
    redirect("/membership");
  },
);

export const deleteTierAction = defineAction(
  ({ id }, actor) => deleteTier(actor, id),
  () => {
    revalidateProgramme();
    redirect("/membership");
  },
);

/**
 * The campaign form's fields. An unticked checkbox sends nothing, which the schema would read as
 * its default (active): say "false" outright.
 */
const campaignInput = ({ active, ...values }: FormValues) => ({ ...values, active: active === "on" ? "on" : "false" });

export const createCampaignAction = defineAction(
  (values, actor) => createCampaign(actor, campaignInput(values)),
  () => {
    revalidateProgramme();
    redirect("/membership/campaigns");
  },
);

export const updateCampaignAction = defineAction(
  ({ id, ...values }, actor) => updateCampaign(actor, id, campaignInput(values)),
  () => {
    revalidateProgramme();
    redirect("/membership/campaigns");
  },
);

export const updateMembershipSettingsAction = defineAction(
  (values, actor) => updateSetting(actor, "membership", values),
  revalidateProgramme,
);
