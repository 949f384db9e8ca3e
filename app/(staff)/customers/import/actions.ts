"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { checkImport, runImport, startImport } from "@/lib/customers/import";
import { defineAction } from "@/lib/http/action";

export const startImportAction = defineAction(
  async (_values, actor, formData) => {
    const file = formData.get("file");
    return startImport(actor, file instanceof File ? { filename: file.name, content: await file.text() } : { filename: "", content: "" });
  },
  (upload) => redirect(`/customers/import/${upload.id}`),
);

/**
 * The mapping form sends one select per field (`map.name`, `map.custom.size` = column index, or
 * empty); the domain function refuses fields it does not know.
 */
export const checkImportAction = defineAction(
  async ({ id, onDuplicate, ...values }, actor) => {
    const mapping = Object.fromEntries(
      Object.entries(values).flatMap(([key, column]) => (key.startsWith("map.") && column ? [[key.slice("map.".length), column]] : [])),
    );
    return checkImport(actor, id, { mapping, onDuplicate });
  },
  (checked) => revalidatePath(`/customers/import/${checked.id}`),
);

export const runImportAction = defineAction(
  ({ id }, actor) => runImport(actor, id),
  (running) => revalidatePath(`/customers/import/${running.id}`),
);
