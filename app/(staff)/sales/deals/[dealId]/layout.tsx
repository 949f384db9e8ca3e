import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/session";
import { loadDeal } from "./load";

/**
 * Looks the deal up above the page's loading boundary: one the user may not see answers with a
 * real 404, before anything streams.
 */
export default async function DealLayout({ children, params }: LayoutProps<"/sales/deals/[dealId]">): Promise<ReactNode> {
  const actor = await requirePermission("deals.read");
  await loadDeal(actor, (await params).dealId);
  return children;
}
