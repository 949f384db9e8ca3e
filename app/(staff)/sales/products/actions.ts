"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type FormValues } from "@/lib/http/action";
import { createProduct, importProducts, previewProductImport, updateProduct } from "@/lib/sales/products";

/** An unticked checkbox sends nothing, which the schema would read as its default (active): say "false" outright. */
const productInput = ({ sku, name, category, price, active }: FormValues) => ({ sku, name, category, price, active: active === "on" ? "on" : "false" });

const backToList = () => {
  revalidatePath("/sales/products");
  redirect("/sales/products");
};

export const createProductAction = defineAction((values, actor) => createProduct(actor, productInput(values)), backToList);

export const updateProductAction = defineAction((values, actor) => updateProduct(actor, values.id, productInput(values)), backToList);

export const previewProductImportAction = defineAction(({ csv }, actor) => previewProductImport(actor, csv));

export const importProductsAction = defineAction(
  ({ csv }, actor) => importProducts(actor, csv),
  () => revalidatePath("/sales/products"),
);
