import "server-only";
import { cache } from "react";
import type { Actor } from "@/lib/auth/permissions";
import { getTicket } from "@/lib/service/tickets";
import { foundOrNotFound } from "@/lib/http/not-found";

/** The ticket of the URL, or the not-found page; once per request (the layout, page and title share it). */
export const loadTicket = cache((actor: Actor, ticketId: string) => foundOrNotFound(getTicket(actor, ticketId)));
