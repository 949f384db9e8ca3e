import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/session";
import { loadTicket } from "../load";

/**
 * Looks the ticket up above the page's loading boundary: one that does not exist, or that the
 * user may not see, answers with a real 404 before anything streams.
 */
export default async function TicketLayout({ children, params }: LayoutProps<"/tickets/[ticketId]">): Promise<ReactNode> {
  const actor = await requirePermission("tickets.read");
  await loadTicket(actor, (await params).ticketId);
  return children;
}
