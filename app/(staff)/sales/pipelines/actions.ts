"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createPipeline, updatePipeline } from "@/lib/sales/pipelines";

/** The most stage rows read from a form; the domain refuses more than it allows anyway. */
const maxStageRows = 50;

/** The pipeline form's fields: the stages arrive as `stages.0.name`, `stages.0.probability`, … in order. */
function pipelineInput(values: FormValues) {
  const stages = [];
  for (let index = 0; index < maxStageRows && values[`stages.${index}.name`] !== undefined; index++) {
    stages.push({
      id: values[`stages.${index}.id`] ?? "",
      name: values[`stages.${index}.name`],
      probability: values[`stages.${index}.probability`] ?? "",
      outcome: values[`stages.${index}.outcome`] ?? "",
    });
  }
  return { name: values.name, isDefault: values.isDefault === "on", stages };
}

/** Stages and their names show on the board, the deal pages and the forecast. */
const afterSave = () => {
  revalidatePath("/sales", "layout");
  redirect("/sales/pipelines");
};

export const createPipelineAction = defineAction((values, actor) => createPipeline(actor, pipelineInput(values)), afterSave);

export const updatePipelineAction = defineAction(({ id, ...values }, actor) => updatePipeline(actor, id, pipelineInput(values)), afterSave);
