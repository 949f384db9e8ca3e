"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/action";
import { updateSetting } from "@/lib/settings/commands";

export const updateOrganisationAction = defineAction(
  (values, actor) => updateSetting(actor, "organisation", values),
  () => revalidatePath("/", "layout"),
);
