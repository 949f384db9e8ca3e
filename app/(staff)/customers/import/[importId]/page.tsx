import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MappingForm, RunImportButton } from "@/components/customers/import-forms";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listCustomFields } from "@/lib/customers/custom-fields";
import { customTarget, getImport, importFields, importTargets, previewRows } from "@/lib/customers/import";
import { checkImportAction, runImportAction } from "../actions";
import { foundOrNotFound } from "@/lib/http/not-found";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers.import"))("title") };
}

export default async function ImportDetailPage({ params }: PageProps<"/customers/import/[importId]">) {
  const actor = await requirePermission("customers.import");
  const upload = await foundOrNotFound(getImport(actor, (await params).importId));
  const [t, tc, tv, definitions] = await Promise.all([
    getTranslations("customers.import"),
    getTranslations("customers.fields"),
    getTranslations(),
    listCustomFields(),
  ]);
  const editable = upload.status === "uploaded" || upload.status === "checked";
  const preview = previewRows(upload);
  const labels = new Map<string, string>([
    ...importFields.map((field): [string, string] => [field, tc(field)]),
    ["otherEmails", t("otherEmails")],
    ["otherPhones", t("otherPhones")],
    ...definitions.map((field): [string, string] => [customTarget(field), field.label]),
  ]);
  const required = new Set(["name", ...definitions.filter((field) => field.required).map(customTarget)]);
  const targets = importTargets(definitions);
  const mappedFields = targets.filter((field) => upload.mapping[field] !== undefined);
  const percent = upload.totalRows ? Math.round((upload.processedRows / upload.totalRows) * 100) : 0;
  const message = (key: string) => (tv.has(key) ? tv(key) : tv("validation.invalid"));

  return (
    <>
      <LiveRefresh types={["customer_import.progress"]} entityId={upload.id} />
      <BackLink href="/customers/import">{t("title")}</BackLink>
      <PageHeader title={upload.filename} description={t("summary", { rows: upload.totalRows, status: t(`statuses.${upload.status}`) })} />

      {(upload.status === "running" || upload.status === "done" || upload.status === "failed") && (
        <Card className="mb-6 p-5">
          <div className="flex justify-between text-sm">
            <span>{t("progress", { processed: upload.processedRows, total: upload.totalRows })}</span>
            <span>{percent}%</span>
          </div>
          <progress className="mt-2 h-2 w-full accent-brand-600" max={upload.totalRows} value={upload.processedRows} aria-label={t("progressLabel")} />
          <p className="mt-3 text-sm text-slate-700">
            {t("counts", { created: upload.createdCount, updated: upload.updatedCount, skipped: upload.skippedCount, errors: upload.errorCount })}
          </p>
          {upload.status === "done" && (
            <Link href="/customers?source=import" className="mt-3 inline-block text-sm text-brand-700 hover:underline">
              {t("viewImported")}
            </Link>
          )}
        </Card>
      )}

      {editable && (
        <Card className="mb-6 p-5 sm:p-6">
          <h2 className="mb-4 text-base font-semibold">{t("mapping")}</h2>
          <MappingForm
            action={checkImportAction}
            id={upload.id}
            fields={targets.map((field) => ({ value: field, label: labels.get(field)!, required: required.has(field) }))}
            columns={upload.headers}
            mapping={upload.mapping}
            onDuplicate={upload.onDuplicate}
          />
        </Card>
      )}

      <Card className="mb-6 overflow-x-auto">
        <h2 className="px-5 pt-4 text-base font-semibold">{t("preview")}</h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="border-y border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">{t("line")}</th>
              {mappedFields.map((field) => (
                <th key={field} scope="col" className="px-4 py-2 font-medium">{labels.get(field)}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.map((row) => (
              <tr key={row.line}>
                <td className="px-4 py-2 font-mono text-xs text-slate-500">{row.line}</td>
                {mappedFields.map((field) => (
                  <td key={field} className="px-4 py-2">{row.values[field]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      {upload.status !== "uploaded" && (
        <Card className="mb-6 p-5">
          <h2 className="text-base font-semibold">{t("problems", { count: upload.errorCount })}</h2>
          {upload.problems.length > 0 && (
            <table className="mt-3 w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-4 font-medium">{t("line")}</th>
                  <th scope="col" className="py-1 pr-4 font-medium">{t("field")}</th>
                  <th scope="col" className="py-1 font-medium">{t("reason")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {upload.problems.map((problem, index) => (
                  <tr key={index}>
                    <td className="py-1.5 pr-4 font-mono text-xs">{problem.line}</td>
                    <td className="py-1.5 pr-4">{(problem.field && labels.get(problem.field)) ?? problem.field}</td>
                    <td className="py-1.5">{message(problem.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {upload.status === "checked" && (
            <div className="mt-4">
              <RunImportButton action={runImportAction} id={upload.id} label={t("run", { count: upload.totalRows - upload.errorCount })} />
            </div>
          )}
        </Card>
      )}
    </>
  );
}
