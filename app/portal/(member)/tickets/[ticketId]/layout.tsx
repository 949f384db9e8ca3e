import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireMember } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getOwnTicket } from "@/lib/service/portal";

/**
 * Looks the request up above the page's loading boundary: anyone else's, or a malformed id,
 * answers with the portal's not-found page and a real 404, before anything streams.
 */
export default async function PortalTicketLayout({ children, params }: LayoutProps<"/portal/tickets/[ticketId]">): Promise<ReactNode> {
  const actor = await requireMember();
  try {
    await getOwnTicket(actor, (await params).ticketId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return children;
}
