import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { ProductForm } from "@/components/sales/product-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { toMajorUnits } from "@/lib/money";
import { getProduct, listProductCategories } from "@/lib/sales/products";
import { getSetting } from "@/lib/settings/queries";
import { updateProductAction } from "../actions";
import { foundOrNotFound } from "@/lib/http/not-found";

/** The product of the URL, or the not-found page; once per request (the page and its title share it). */
const loadProduct = cache((actor: Actor, productId: string) => foundOrNotFound(getProduct(actor, productId)));

export async function generateMetadata(props: PageProps<"/sales/products/[productId]">): Promise<Metadata> {
  const actor = await requirePermission("products.manage");
  const [t, product] = await Promise.all([getTranslations("products"), loadProduct(actor, (await props.params).productId)]);
  return { title: t("editTitle", { name: product.name }) };
}

export default async function EditProductPage(props: PageProps<"/sales/products/[productId]">) {
  const actor = await requirePermission("products.manage");
  const [t, product, { currency }, categories] = await Promise.all([
    getTranslations("products"),
    loadProduct(actor, (await props.params).productId),
    getSetting("organisation"),
    listProductCategories(actor),
  ]);
  return (
    <>
      <BackLink href="/sales/products">{t("title")}</BackLink>
      <PageHeader title={t("editTitle", { name: product.name })} />
      <Card className="p-5 sm:p-6">
        <ProductForm
          action={updateProductAction}
          id={product.id}
          currency={currency}
          categories={categories}
          cancelHref="/sales/products"
          initial={{
            sku: product.sku,
            name: product.name,
            category: product.category ?? "",
            price: String(toMajorUnits(product.price, product.currency)),
            active: product.active,
          }}
        />
      </Card>
    </>
  );
}
