import { getTranslations } from "next-intl/server";
import { Pagination } from "@/components/ui/pagination";

/** Pagination for list pages, in the user's language. */
export async function ListPagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  const t = await getTranslations("common.pagination");
  return (
    <Pagination
      page={page}
      pageCount={pageCount}
      hrefFor={hrefFor}
      labels={{ previous: t("previous"), next: t("next"), nav: t("label"), status: t("status", { page, pageCount }) }}
    />
  );
}
