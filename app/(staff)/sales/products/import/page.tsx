import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProductImport } from "@/components/sales/product-import";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/queries";
import { importProductsAction, previewProductImportAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("products.import"))("title") };
}

export default async function ImportProductsPage() {
  await requirePermission("products.manage");
  const [t, tProducts, { currency }] = await Promise.all([getTranslations("products.import"), getTranslations("products"), getSetting("organisation")]);
  return (
    <>
      <BackLink href="/sales/products">{tProducts("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card className="p-5 sm:p-6">
        <ProductImport checkAction={previewProductImportAction} importAction={importProductsAction} currency={currency} />
      </Card>
    </>
  );
}
