import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AuditChanges } from "@/components/audit/audit-changes";
import { Button, buttonClass } from "@/components/ui/button";
import { ListPagination } from "@/components/list-pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { Table, Th } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { listAudit, listAuditFilterOptions } from "@/lib/audit/queries";
import { requirePermission } from "@/lib/auth/session";
import { hrefWith } from "@/lib/url";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  const actor = await requirePermission("audit.read");
  const [t, format, result, options] = await Promise.all([
    getTranslations("audit"),
    getFormatter(),
    listAudit(actor, await searchParams),
    listAuditFilterOptions(actor),
  ]);
  const { params } = result;
  // Known names are translated; anything newer shows as it is stored rather than not at all.
  const label = (group: "entityTypes" | "actions" | "fields", key: string) => (t.has(`${group}.${key}`) ? t(`${group}.${key}`) : key);
  const entityLabel = (type: string) => label("entityTypes", type);

  return (
    <>
      <PageHeader title={t("title")} description={t("count", { total: result.total })} />
      <form method="get" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        <Field id="audit-actor" label={t("filters.actor")}>
          {(control) => (
            <select {...control} name="actor" defaultValue={params.actor ?? ""} className={controlClass()}>
              <option value="">{t("filters.anyone")}</option>
              {options.actors.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-entity" label={t("filters.entityType")}>
          {(control) => (
            <select {...control} name="entityType" defaultValue={params.entityType ?? ""} className={controlClass()}>
              <option value="">{t("filters.anything")}</option>
              {options.entityTypes.map((type) => (
                <option key={type} value={type}>
                  {entityLabel(type)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-from" label={t("filters.from")}>
          {(control) => <input {...control} type="date" name="from" defaultValue={params.from} className={controlClass()} />}
        </Field>
        <Field id="audit-to" label={t("filters.to")}>
          {(control) => <input {...control} type="date" name="to" defaultValue={params.to} className={controlClass()} />}
        </Field>
        <div className="flex items-end gap-2">
          {params.entityId && <input type="hidden" name="entityId" value={params.entityId} />}
          <Button type="submit">{t("filters.apply")}</Button>
          <Link href="/admin/audit" className={buttonClass("ghost")}>
            {t("filters.clear")}
          </Link>
        </div>
      </form>

      {result.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <>
          <Table
            bodyClassName="align-top"
            head={
              <>
                <Th>{t("columns.time")}</Th>
                <Th>{t("columns.actor")}</Th>
                <Th>{t("columns.action")}</Th>
                <Th>{t("columns.entity")}</Th>
                <Th>{t("columns.changes")}</Th>
                <Th className="hidden md:table-cell">{t("columns.ip")}</Th>
              </>
            }
          >
            {result.rows.map((entry) => (
              <tr key={entry.id}>
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">{format.dateTime(entry.createdAt, "dateTime")}</td>
                <td className="px-4 py-3">{entry.actorLabel}</td>
                <td className="px-4 py-3">{label("actions", entry.action)}</td>
                <td className="px-4 py-3">
                  {entry.entityType === "customer" ? (
                    <Link href={`/customers/${entry.entityId}`} className="text-brand-700 hover:underline">
                      {t("entityTypes.customer")}
                    </Link>
                  ) : (
                    <span>{entityLabel(entry.entityType)}</span>
                  )}
                  <Link
                    href={hrefWith("/admin/audit", {}, { entityType: entry.entityType, entityId: entry.entityId }) as Route}
                    className="block max-w-[10rem] truncate font-mono text-xs text-slate-500 hover:underline"
                    title={t("historyOf")}
                  >
                    {entry.entityId}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <AuditChanges
                    changes={entry.changes}
                    summary={t("fieldsChanged", { count: Object.keys(entry.changes).length })}
                    fieldLabel={(field) => label("fields", field)}
                  />
                </td>
                <td className="hidden px-4 py-3 font-mono text-xs text-slate-500 md:table-cell">{entry.ip ?? "—"}</td>
              </tr>
            ))}
          </Table>
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefWith("/admin/audit", params, { page }, { page: 1 })} />
        </>
      )}
    </>
  );
}
