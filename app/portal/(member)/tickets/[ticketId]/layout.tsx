import type { ReactNode } from "react";
import { requireMember } from "@/lib/auth/session";
import { loadOwnTicket } from "../../load";

/**
 * Looks the request up above the page's loading boundary: anyone else's, or a malformed id,
 * answers with the portal's not-found page and a real 404, before anything streams.
 */
export default async function PortalTicketLayout({ children, params }: LayoutProps<"/portal/tickets/[ticketId]">): Promise<ReactNode> {
  const actor = await requireMember();
  await loadOwnTicket(actor, (await params).ticketId);
  return children;
}
