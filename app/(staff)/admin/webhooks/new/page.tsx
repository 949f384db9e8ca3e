import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { requirePermission } from "@/lib/auth/session";
import { webhookEventKey, webhookEventTypes } from "@/lib/integration/webhooks";
import { createWebhookEndpointAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("new.title") };
}

export default async function NewWebhookEndpointPage() {
  await requirePermission("integrations.manage");
  const t = await getTranslations("webhooks");
  const events = webhookEventTypes.map((type) => ({ type, description: t(`events.${webhookEventKey(type)}`) }));
  return (
    <>
      <BackLink href="/admin/webhooks">{t("back")}</BackLink>
      <PageHeader title={t("new.title")} description={t("new.intro")} />
      <Card className="p-5">
        <EndpointForm action={createWebhookEndpointAction} initial={{ url: "", description: "", events: [] }} events={events} cancelHref="/admin/webhooks" />
      </Card>
    </>
  );
}
