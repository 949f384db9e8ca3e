import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import type { WebhookDelivery } from "@/db/schema";

const tone = { pending: "amber", succeeded: "green", failed: "red" } as const;

/** A webhook delivery's status as a coloured badge. */
export async function DeliveryStatus({ status }: { status: WebhookDelivery["status"] }) {
  const t = await getTranslations("webhooks.statuses");
  return <Badge tone={tone[status]}>{t(status)}</Badge>;
}
