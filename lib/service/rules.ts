import type { TicketPriority, TicketStatus } from "@/db/schema";
import type { ServiceSettings } from "@/lib/settings/schemas";

/** Where a ticket may go from each status by hand. A closed ticket stays closed: a new one follows it up. */
const transitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["open", "pending", "on_hold", "solved"],
  open: ["pending", "on_hold", "solved"],
  pending: ["open", "on_hold", "solved"],
  on_hold: ["open", "pending", "solved"],
  solved: ["open", "closed"],
  closed: [],
};

export function nextStatuses(status: TicketStatus): readonly TicketStatus[] {
  return transitions[status];
}

export function canMoveTo(from: TicketStatus, to: TicketStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses that still need work; the "open" queues show these. */
export const activeStatuses = ["new", "open", "pending", "on_hold"] as const satisfies readonly TicketStatus[];

export function isActive(status: TicketStatus): status is (typeof activeStatuses)[number] {
  return (activeStatuses as readonly TicketStatus[]).includes(status);
}

/**
 * The status a ticket takes when someone writes on it: an agent's first reply opens a new ticket;
 * a customer's reply reopens one that waited on them or was solved. Notes change nothing.
 */
export function statusAfterMessage(status: TicketStatus, message: { by: "staff" | "customer"; internal: boolean }): TicketStatus {
  if (message.internal) return status;
  if (message.by === "customer") return status === "pending" || status === "solved" ? "open" : status;
  return status === "new" ? "open" : status;
}

/** Whether each clock runs in `status`; solved and closed stop both. */
export function clocksIn(settings: Pick<ServiceSettings, "clocks">, status: TicketStatus): { firstResponse: boolean; resolution: boolean } {
  return isActive(status) ? settings.clocks[status] : { firstResponse: false, resolution: false };
}

const priorityOrder = ["low", "normal", "high", "urgent"] as const satisfies readonly TicketPriority[];

/** One step up, for an escalation; urgent stays urgent. */
export function raisedPriority(priority: TicketPriority): TicketPriority {
  return priorityOrder[Math.min(priorityOrder.indexOf(priority) + 1, priorityOrder.length - 1)]!;
}

/** Placeholders a canned reply may use, and where their values come from. */
export const placeholders = ["customer.name", "order.number", "agent.name", "ticket.number"] as const;
export type Placeholder = (typeof placeholders)[number];

/**
 * Fills `{{customer.name}}`-style placeholders. A placeholder without a value (a ticket with no
 * order) becomes empty; unknown ones stay as typed so the agent sees them before sending.
 */
export function fillPlaceholders(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g, (whole, name: string) =>
    (placeholders as readonly string[]).includes(name) ? (values[name as Placeholder] ?? "") : whole,
  );
}

/** `#1042`. */
export const formatTicketNumber = (number: number) => `#${number}`;

/** A typed ticket number (`#1042` or `1042`), for search. */
export function parseTicketNumber(text: string): number | null {
  const match = /^#?\s*(\d{1,12})$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}
