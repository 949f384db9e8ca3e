import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UploadForm } from "@/components/customers/import-forms";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { startImportAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers.import"))("title") };
}

export default async function ImportPage() {
  await requirePermission("customers.import");
  const t = await getTranslations("customers.import");
  return (
    <>
      <BackLink href="/customers">{(await getTranslations("customers"))("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card className="p-5 sm:p-6">
        <UploadForm action={startImportAction} />
      </Card>
    </>
  );
}
