import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomFieldForm, DeleteFieldButton } from "@/components/settings/custom-field-forms";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { customFieldTypes } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { listCustomFields } from "@/lib/customers/custom-fields";
import { createCustomFieldAction, deleteCustomFieldAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.fields"))("title") };
}

export default async function CustomFieldsPage() {
  await requirePermission("settings.manage");
  const [t, fields] = await Promise.all([getTranslations("settings.fields"), listCustomFields()]);
  return (
    <>
      <BackLink href="/settings">{(await getTranslations("settings"))("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card className="mb-6">
        {fields.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">{t("none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {fields.map((field) => (
              <li key={field.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                <div>
                  <p className="font-medium">
                    {field.label} {field.required && <span className="text-xs text-slate-500">· {t("required")}</span>}
                  </p>
                  <p className="font-mono text-xs text-slate-500">
                    {field.key} · {t(`types.${field.type}`)}
                    {field.options.length > 0 && ` · ${field.options.join(", ")}`}
                  </p>
                </div>
                <DeleteFieldButton action={deleteCustomFieldAction} id={field.id} label={field.label} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card className="p-5 sm:p-6">
        <h2 className="mb-4 text-base font-semibold">{t("add")}</h2>
        <CustomFieldForm action={createCustomFieldAction} types={customFieldTypes.map((type) => ({ value: type, label: t(`types.${type}`) }))} />
      </Card>
    </>
  );
}
