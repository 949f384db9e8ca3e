import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/session";
import { loadOrder } from "../load";

/**
 * Looks the order up above the page's loading boundary: one that does not exist answers with a
 * real 404, before anything streams.
 */
export default async function OrderLayout({ children, params }: LayoutProps<"/orders/[orderId]">): Promise<ReactNode> {
  const actor = await requirePermission("orders.read");
  await loadOrder(actor, (await params).orderId);
  return children;
}
