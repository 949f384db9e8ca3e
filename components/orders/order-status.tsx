import type { OrderStatus } from "@/db/schema";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones: Record<OrderStatus, BadgeTone> = { pending: "amber", paid: "blue", fulfilled: "green", cancelled: "slate", refunded: "red" };

/** An order's status as a coloured badge; `label` is the status in the user's language. */
export function OrderStatusBadge({ status, label }: { status: OrderStatus; label: string }) {
  return <Badge tone={tones[status]}>{label}</Badge>;
}
