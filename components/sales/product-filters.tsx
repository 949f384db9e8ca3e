import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import { FilterChips } from "@/components/ui/filter-chips";
import { productPageSizes, productStatuses, type ProductListParams } from "@/lib/sales/products";

/**
 * Status as chips; category and page size as a plain GET form, which works without script and
 * keeps the search and sort in the URL.
 */
export async function ProductFilters({
  params,
  categories,
  href,
}: {
  params: ProductListParams;
  categories: string[];
  href: (patch: Record<string, string | number | undefined>) => string;
}) {
  const t = await getTranslations("products.filters");
  // A category from a shared link that no product has any more still shows as chosen.
  const choices = params.category && !categories.includes(params.category) ? [params.category, ...categories] : categories;
  return (
    <div className="mb-4">
      <FilterChips
        label={t("status")}
        className="mb-3"
        items={productStatuses.map((status) => ({ href: href({ status, page: undefined }), label: t(`statuses.${status}`), current: params.status === status }))}
      />
      <form method="get" action="/sales/products" aria-label={t("title")} className="flex flex-wrap items-end gap-3">
        {params.q && <input type="hidden" name="q" value={params.q} />}
        <input type="hidden" name="status" value={params.status} />
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <div className="w-full sm:w-56">
          <Field id="filter-category" label={t("category")}>
            {(control) => (
              <select {...control} name="category" defaultValue={params.category ?? ""} className={controlClass()}>
                <option value="">{t("anyCategory")}</option>
                {choices.map((category) => (
                  <option key={category} value={category}>
                    {category}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="w-28">
          <Field id="filter-page-size" label={t("pageSize")}>
            {(control) => (
              <select {...control} name="pageSize" defaultValue={String(params.pageSize)} className={controlClass()}>
                {productPageSizes.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            {t("apply")}
          </Button>
          {(params.category || params.q || params.status !== "active") && (
            <Link href="/sales/products" className={buttonClass("ghost")}>
              {t("clear")}
            </Link>
          )}
        </div>
      </form>
    </div>
  );
}
