"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createTeam, updateTeam } from "@/lib/sales/teams";

/** The team form's fields; the member checkboxes share one name, so they are read as a list. */
const teamInput = (values: FormValues, formData: FormData) => ({
  name: values.name,
  managerId: values.managerId ?? "",
  memberIds: formData.getAll("memberIds").filter((value): value is string => typeof value === "string"),
});

/** Teams decide what everyone's pipeline, deal lists and forecast show. */
const afterSave = () => {
  revalidatePath("/sales", "layout");
  redirect("/sales/teams");
};

export const createTeamAction = defineAction((values, actor, formData) => createTeam(actor, teamInput(values, formData)), afterSave);

export const updateTeamAction = defineAction(({ id, ...values }, actor, formData) => updateTeam(actor, id, teamInput(values, formData)), afterSave);
