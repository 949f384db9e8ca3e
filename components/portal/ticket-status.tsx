import { getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TicketStatus } from "@/db/schema";

/** The member's wording: "new" and "open" both mean we are on it. */
const tones: Record<TicketStatus, BadgeTone> = { new: "blue", open: "blue", pending: "amber", on_hold: "slate", solved: "green", closed: "slate" };

/** A request's status as the member reads it. */
export async function MemberTicketStatus({ status }: { status: TicketStatus }) {
  const t = await getTranslations("portalTickets.statuses");
  return <Badge tone={tones[status]}>{t(status)}</Badge>;
}
