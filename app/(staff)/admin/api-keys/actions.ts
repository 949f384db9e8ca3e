"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/action";
import { createApiKey, revokeApiKey } from "@/lib/integration/api-keys";

/**
 * Answers the new key with its secret: the one time anyone sees it. The scope checkboxes share one
 * name, so they are read as a list.
 */
export const createApiKeyAction = defineAction(
  (values, actor, formData) =>
    createApiKey(actor, {
      name: values.name,
      scopes: formData.getAll("scopes").filter((value): value is string => typeof value === "string"),
      rateLimitPerMinute: values.rateLimitPerMinute,
    }),
  () => revalidatePath("/admin/api-keys"),
);

export const revokeApiKeyAction = defineAction(
  ({ id }, actor) => revokeApiKey(actor, id),
  () => revalidatePath("/admin/api-keys"),
);
