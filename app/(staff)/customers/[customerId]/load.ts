import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/permissions";
import { getCustomer } from "@/lib/customers/queries";
import { AppError } from "@/lib/errors";

/** The customer for a page, or the not-found page for a record the actor may not see. */
export async function loadCustomer(actor: Actor, id: string) {
  try {
    return await getCustomer(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
