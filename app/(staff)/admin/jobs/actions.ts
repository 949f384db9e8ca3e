"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/action";
import { retryJob } from "@/lib/jobs/commands";

export const retryJobAction = defineAction(
  (values, actor) => retryJob(actor, values.id),
  () => revalidatePath("/admin/jobs"),
);
