import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { CreateApiKey } from "@/components/integration/create-api-key";
import { RevokeApiKey } from "@/components/integration/revoke-api-key";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listApiKeys } from "@/lib/integration/api-keys";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

export default async function ApiKeysPage() {
  const actor = await requirePermission("integrations.manage");
  const [t, format, keys] = await Promise.all([getTranslations("apiKeys"), getFormatter(), listApiKeys(actor)]);
  const now = new Date();
  const when = (date: Date) => (
    <time dateTime={date.toISOString()} title={format.dateTime(date, "dateTime")}>
      {format.relativeTime(date, now)}
    </time>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          <>
            <Link href="/api/docs" className={buttonClass("secondary")}>
              {t("docsLink")}
            </Link>
            <a href="#api-key-create-title" className={buttonClass("primary")}>
              {t("create.button")}
            </a>
          </>
        }
      />
      {keys.length === 0 ? (
        <EmptyState title={t("empty.title")}>{t("empty.body")}</EmptyState>
      ) : (
        <Table
          bodyClassName="align-top"
          head={
            <>
              <Th>{t("columns.name")}</Th>
              <Th className="hidden sm:table-cell">{t("columns.key")}</Th>
              <Th>{t("columns.scopes")}</Th>
              <Th className="hidden whitespace-nowrap md:table-cell">{t("columns.rateLimit")}</Th>
              <Th className="hidden lg:table-cell">{t("columns.created")}</Th>
              <Th className="whitespace-nowrap">{t("columns.lastUsed")}</Th>
              <Th>{t("columns.status")}</Th>
              <Th>
                <span className="sr-only">{t("revoke.button")}</span>
              </Th>
            </>
          }
        >
          {keys.map((key) => {
            const creator = key.createdByName ?? t("system");
            return (
              <tr key={key.id} className={key.revokedAt ? "bg-slate-50 text-slate-500" : undefined}>
                <Td className="min-w-40">
                  <span className={key.revokedAt ? "font-medium line-through" : "font-medium text-slate-900"}>{key.name}</span>
                  <span className="block font-mono text-xs text-slate-500 sm:hidden">mcrm_{key.prefix}_…</span>
                  <span className="block text-xs text-slate-500 lg:hidden">
                    <span className="md:hidden">{t("perMinute", { count: key.rateLimitPerMinute })} · </span>
                    {t("createdBy", { name: creator })}, {format.dateTime(key.createdAt, "date")}
                  </span>
                </Td>
                <Td className="hidden whitespace-nowrap font-mono text-xs sm:table-cell">mcrm_{key.prefix}_…</Td>
                <Td className="min-w-44">
                  <span className="flex flex-wrap gap-1">
                    {key.scopes.map((scope) => (
                      <Badge key={scope} tone={scope.endsWith(":write") ? "amber" : "blue"}>
                        <span className="font-mono">{scope}</span>
                      </Badge>
                    ))}
                  </span>
                </Td>
                <Td className="hidden whitespace-nowrap tabular-nums md:table-cell">{t("perMinute", { count: key.rateLimitPerMinute })}</Td>
                <Td className="hidden whitespace-nowrap lg:table-cell">
                  <span className="block">{creator}</span>
                  <span className="block text-xs text-slate-500">{format.dateTime(key.createdAt, "dateTime")}</span>
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{key.lastUsedAt ? when(key.lastUsedAt) : t("never")}</Td>
                <Td className="whitespace-nowrap">
                  {key.revokedAt ? (
                    <>
                      <Badge tone="red">{t("revoked")}</Badge>
                      <span className="mt-1 block text-xs text-slate-500">{when(key.revokedAt)}</span>
                    </>
                  ) : (
                    <Badge tone="green">{t("active")}</Badge>
                  )}
                </Td>
                <Td>{!key.revokedAt && <RevokeApiKey action={revokeApiKeyAction} id={key.id} name={key.name} prefix={key.prefix} />}</Td>
              </tr>
            );
          })}
        </Table>
      )}
      <div className="mt-8">
        <CreateApiKey action={createApiKeyAction} apiBase={new URL("/api/v1", env.APP_URL).toString().replace(/\/$/, "")} />
      </div>
    </>
  );
}
