import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getTicket } from "@/lib/service/tickets";

/** The ticket of the URL, or the not-found page; once per request (the layout, page and title share it). */
export const loadTicket = cache(async (actor: Actor, ticketId: string) => {
  try {
    return await getTicket(actor, ticketId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
