import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { MailStatus } from "@/components/mail/mail-status";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getOutboxMail } from "@/lib/mail/queries";
import { foundOrNotFound } from "@/lib/http/not-found";

const loadMail = cache((actor: Actor, id: string) => foundOrNotFound(getOutboxMail(actor, id)));

export async function generateMetadata({ params }: PageProps<"/admin/outbox/[mailId]">): Promise<Metadata> {
  const actor = await requirePermission("outbox.read");
  return { title: (await loadMail(actor, (await params).mailId)).subject };
}

export default async function OutboxMailPage({ params }: PageProps<"/admin/outbox/[mailId]">) {
  const actor = await requirePermission("outbox.read");
  const mail = await loadMail(actor, (await params).mailId);
  const [t, format] = await Promise.all([getTranslations("outbox"), getFormatter()]);

  return (
    <>
      <BackLink href="/admin/outbox">{t("back")}</BackLink>
      <PageHeader
        title={mail.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{mail.toAddress}</span>
            <span aria-hidden>·</span>
            <span>{format.dateTime(mail.createdAt, "dateTime")}</span>
            <MailStatus status={mail.status} />
            <span>{t("attempts", { count: mail.attempts })}</span>
          </span>
        }
      />
      {mail.lastError && (
        <p className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 font-mono text-xs text-red-800">
          {t("lastError", { error: mail.lastError })}
        </p>
      )}
      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-200 px-5 py-3 text-sm font-medium text-slate-700">{t("preview")}</h2>
        {/* The mail's own HTML, in a sandbox without scripts, forms or same-origin access. */}
        <iframe title={t("preview")} sandbox="" srcDoc={mail.html} className="h-[28rem] w-full bg-white" />
      </Card>
      <Card className="mt-4">
        <h2 className="border-b border-slate-200 px-5 py-3 text-sm font-medium text-slate-700">{t("plainText")}</h2>
        <pre className="overflow-x-auto px-5 py-4 text-sm whitespace-pre-wrap">{mail.text}</pre>
      </Card>
    </>
  );
}
