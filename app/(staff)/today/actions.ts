"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/action";
import { completeTask, createTask, deleteTask, reopenTask, updateTask } from "@/lib/sales/tasks";

/** The page a form was on, when it is a path of this site; anything else is ignored. */
function pagePath(returnTo: string | undefined): string | null {
  return returnTo && returnTo.startsWith("/") && !returnTo.startsWith("//") && !returnTo.includes("\\") ? returnTo : null;
}

/** Tasks show on My day and on the customer or deal page the form was on. */
function refresh({ returnTo }: { returnTo: string | null }) {
  revalidatePath("/today");
  if (returnTo && returnTo !== "/today") revalidatePath(returnTo);
}

export const createTaskAction = defineAction(async ({ returnTo, ...values }, actor) => {
  const task = await createTask(actor, values);
  return { id: task.id, returnTo: pagePath(returnTo) };
}, refresh);

export const updateTaskAction = defineAction(async ({ id, returnTo, ...values }, actor) => {
  const task = await updateTask(actor, id, values);
  return { id: task.id, returnTo: pagePath(returnTo) };
}, refresh);

export const completeTaskAction = defineAction(async ({ id, returnTo }, actor) => {
  const task = await completeTask(actor, id);
  return { id: task.id, returnTo: pagePath(returnTo) };
}, refresh);

export const reopenTaskAction = defineAction(async ({ id, returnTo }, actor) => {
  const task = await reopenTask(actor, id);
  return { id: task.id, returnTo: pagePath(returnTo) };
}, refresh);

export const deleteTaskAction = defineAction(async ({ id, returnTo }, actor) => {
  const task = await deleteTask(actor, id);
  return { id: task.id, returnTo: pagePath(returnTo) };
}, refresh);
