"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/action";
import { setTarget } from "@/lib/sales/forecast";

export const setTargetAction = defineAction(
  ({ userId, month, amount }, actor) => setTarget(actor, { userId, month, amount }),
  () => revalidatePath("/sales/forecast", "layout"),
);
