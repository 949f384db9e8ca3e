import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import type { MailOutboxRow } from "@/db/schema";

const tone = { queued: "slate", sending: "brand", sent: "green", failed: "red" } as const;

export async function MailStatus({ status }: { status: MailOutboxRow["status"] }) {
  const t = await getTranslations("outbox.statuses");
  return <Badge tone={tone[status]}>{t(status)}</Badge>;
}
