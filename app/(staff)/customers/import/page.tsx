import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { UploadForm } from "@/components/customers/import-forms";
import { Card } from "@/components/ui/card";
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
      <nav className="mb-2 text-sm">
        <Link href="/customers" className="text-brand-700 hover:underline">
          ← {(await getTranslations("customers"))("title")}
        </Link>
      </nav>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card className="p-5 sm:p-6">
        <UploadForm action={startImportAction} />
      </Card>
    </>
  );
}
