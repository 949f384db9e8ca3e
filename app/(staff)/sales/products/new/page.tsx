import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProductForm } from "@/components/sales/product-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listProductCategories } from "@/lib/sales/products";
import { getSetting } from "@/lib/settings/queries";
import { createProductAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("products"))("newTitle") };
}

export default async function NewProductPage() {
  const actor = await requirePermission("products.manage");
  const [t, { currency }, categories] = await Promise.all([getTranslations("products"), getSetting("organisation"), listProductCategories(actor)]);
  return (
    <>
      <BackLink href="/sales/products">{t("title")}</BackLink>
      <PageHeader title={t("newTitle")} />
      <Card className="p-5 sm:p-6">
        <ProductForm
          action={createProductAction}
          currency={currency}
          categories={categories}
          cancelHref="/sales/products"
          initial={{ sku: "", name: "", category: "", price: "", active: true }}
        />
      </Card>
    </>
  );
}
