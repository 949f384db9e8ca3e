"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createCannedReply, deleteCannedReply, updateCannedReply } from "@/lib/service/canned";

/** The reply form's fields; an empty team means shared with everyone. */
const cannedInput = ({ title, body, teamId }: FormValues) => ({ title, body, teamId: teamId ?? "" });

/** Replies are offered wherever agents write on tickets, so every ticket page reads them afresh. */
const revalidateReplies = () => revalidatePath("/tickets", "layout");

export const createCannedReplyAction = defineAction((values, actor) => createCannedReply(actor, cannedInput(values)), revalidateReplies);

export const updateCannedReplyAction = defineAction(
  ({ id, ...values }, actor) => updateCannedReply(actor, id, cannedInput(values)),
  () => {
    revalidateReplies();
    redirect("/tickets/canned");
  },
);

export const deleteCannedReplyAction = defineAction(({ id }, actor) => deleteCannedReply(actor, id), revalidateReplies);
