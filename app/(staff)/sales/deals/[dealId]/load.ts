import "server-only";
import { cache } from "react";
import type { Actor } from "@/lib/auth/permissions";
import { getDeal } from "@/lib/sales/deals";
import { foundOrNotFound } from "@/lib/http/not-found";

/**
 * The deal for a page, or the not-found page for one the actor may not see (another team's).
 * Once per request: the page and its metadata share it.
 */
export const loadDeal = cache((actor: Actor, id: string) => foundOrNotFound(getDeal(actor, id)));
