import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/auth/permissions";
import { findMergedTarget } from "@/lib/customers/merge";
import { getCustomer } from "@/lib/customers/queries";
import { AppError } from "@/lib/errors";

/**
 * The customer for a page, or the not-found page for a record the actor may not see. Once per
 * request: the page and its metadata share it.
 */
export const loadCustomer = cache(async (actor: Actor, id: string) => {
  try {
    return await getCustomer(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      // A customer merged into another lives on there.
      const target = await findMergedTarget(actor, id);
      if (target) redirect(`/customers/${target}`);
      notFound();
    }
    throw error;
  }
});
