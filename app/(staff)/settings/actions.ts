"use server";

import { revalidatePath } from "next/cache";
import { createCustomField, deleteCustomField } from "@/lib/customers/custom-fields";
import { defineAction } from "@/lib/http/action";
import { updateSetting } from "@/lib/settings/commands";
import { updateSessionSettings } from "@/lib/users/two-factor";

export const updateOrganisationAction = defineAction(
  (values, actor) => updateSetting(actor, "organisation", values),
  () => revalidatePath("/", "layout"),
);

/** An unticked checkbox sends nothing: false. */
export const updateSessionSettingsAction = defineAction(
  (values, actor) => updateSessionSettings(actor, { ...values, adminTwoFactor: values.adminTwoFactor === "on" }),
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
