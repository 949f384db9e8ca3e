import { getFormatter, getTranslations } from "next-intl/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SlaClockKind, TicketPriority, TicketStatus } from "@/db/schema";
import type { SlaClockState } from "@/lib/service/sla";

const statusTones: Record<TicketStatus, BadgeTone> = { new: "blue", open: "indigo", pending: "amber", on_hold: "purple", solved: "green", closed: "slate" };
const priorityTones: Record<TicketPriority, BadgeTone> = { low: "slate", normal: "teal", high: "orange", urgent: "red" };
const slaTones: Record<SlaClockState, BadgeTone> = { breached: "red", due_soon: "amber", on_track: "slate", paused: "slate", met: "green" };

export async function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const t = await getTranslations("tickets.statuses");
  return <Badge tone={statusTones[status]}>{t(status)}</Badge>;
}

export async function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const t = await getTranslations("tickets.priorities");
  return <Badge tone={priorityTones[priority]}>{t(priority)}</Badge>;
}

/**
 * One SLA clock as a badge: breached, due soon or on track with its due time, paused, or met.
 * The due time is relative ("in 25 minutes") and exact in the tooltip.
 */
export async function SlaBadge({ kind, state, dueAt, now }: { kind: SlaClockKind; state: SlaClockState; dueAt: Date | null; now: Date }) {
  const [t, format] = await Promise.all([getTranslations("tickets.sla"), getFormatter()]);
  const when = dueAt ? format.relativeTime(dueAt, now) : null;
  return (
    <span title={dueAt ? format.dateTime(dueAt, "dateTime") : undefined}>
      <Badge tone={slaTones[state]}>
        {t(`kinds.${kind}`)}: {t(`states.${state}`, { when: when ?? "" })}
      </Badge>
    </span>
  );
}
