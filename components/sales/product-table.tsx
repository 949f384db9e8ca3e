import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { SortTh, Table, Td } from "@/components/ui/table";
import { toMajorUnits } from "@/lib/money";
import type { ProductListParams, ProductRow } from "@/lib/sales/products";

type SortKey = ProductListParams["sort"];

/** The catalogue's rows; names link to the edit page when `editable`. */
export async function ProductTable({
  rows,
  params,
  sortHref,
  editable,
}: {
  rows: ProductRow[];
  params: ProductListParams;
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
  editable: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations("products"), getFormatter()]);
  const money = (minor: number, currency: string) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });

  const header = (key: SortKey, label: string, className = "") => {
    const active = params.sort === key;
    const nextDir = active && params.dir === "asc" ? "desc" : "asc";
    return <SortTh label={label} active={active} dir={params.dir} href={sortHref(key, nextDir)} className={className} />;
  };

  return (
    <Table
      head={
        <>
          {header("sku", t("columns.sku"), "hidden sm:table-cell")}
          {header("name", t("columns.name"))}
          {header("category", t("columns.category"), "hidden sm:table-cell")}
          {header("price", t("columns.price"), "text-right")}
        </>
      }
    >
      {rows.map((product) => (
        <tr key={product.id} className="hover:bg-slate-50">
          <Td className="hidden whitespace-nowrap font-mono text-xs text-slate-600 sm:table-cell">{product.sku}</Td>
          <Td className="min-w-40">
            <div className="flex flex-wrap items-center gap-2">
              {editable ? (
                <Link href={`/sales/products/${product.id}`} className="font-medium text-brand-700 hover:underline" aria-label={t("editNamed", { name: product.name })}>
                  {product.name}
                </Link>
              ) : (
                <span className="font-medium text-slate-900">{product.name}</span>
              )}
              {!product.active && <Badge>{t("inactive")}</Badge>}
            </div>
            {/* On narrow screens the SKU and category fold in under the name. */}
            <div className="mt-0.5 text-xs text-slate-600 sm:hidden">
              <span className="font-mono">{product.sku}</span>
              {product.category && <> · {product.category}</>}
            </div>
          </Td>
          <Td className="hidden text-slate-600 sm:table-cell">{product.category}</Td>
          <Td className="whitespace-nowrap text-right tabular-nums">{money(product.price, product.currency)}</Td>
        </tr>
      ))}
    </Table>
  );
}
