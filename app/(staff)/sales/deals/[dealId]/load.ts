import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getDeal } from "@/lib/sales/deals";

/**
 * The deal for a page, or the not-found page for one the actor may not see (another team's).
 * Once per request: the page and its metadata share it.
 */
export const loadDeal = cache(async (actor: Actor, id: string) => {
  try {
    return await getDeal(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
