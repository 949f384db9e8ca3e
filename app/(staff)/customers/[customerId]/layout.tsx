import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/session";
import { loadCustomer } from "./load";

/**
 * Looks the customer up above the pages' loading boundaries: one the user may not see answers
 * with a real 404 (and a merged one redirects) before anything streams.
 */
export default async function CustomerLayout({ children, params }: LayoutProps<"/customers/[customerId]">): Promise<ReactNode> {
  const actor = await requirePermission("customers.read");
  await loadCustomer(actor, (await params).customerId);
  return children;
}
