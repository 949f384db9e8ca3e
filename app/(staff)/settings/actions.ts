"use server";

import { revalidatePath } from "next/cache";
import { createCustomField, deleteCustomField } from "@/lib/customers/custom-fields";
import { defineAction } from "@/lib/http/action";
import { updateSetting } from "@/lib/settings/commands";

export const updateOrganisationAction = defineAction(
  (values, actor) => updateSetting(actor, "organisation", values),
  () => revalidatePath("/", "layout"),
);

export const updateSessionSettingsAction = defineAction(
  (values, actor) => updateSetting(actor, "sessions", values),
  () => revalidatePath("/settings"),
);

export const createCustomFieldAction = defineAction(
  (values, actor) => createCustomField(actor, values),
  () => revalidatePath("/settings/fields"),
);

export const deleteCustomFieldAction = defineAction(
  ({ id }, actor) => deleteCustomField(actor, id),
  () => revalidatePath("/settings/fields"),
);
