import Link from "next/link";
import { SortTh } from "@/components/ui/table";
import { getFormatter, getTranslations } from "next-intl/server";
import { TagList } from "@/components/customers/tag-list";
import { formatCustomerNumber, formatPhone } from "@/lib/customers/rules";
import type { CustomerListResult } from "@/lib/customers/queries";
import type { CustomerListParams } from "@/lib/customers/schemas";
import { getTagColors } from "@/lib/customers/tags";

type SortKey = CustomerListParams["sort"];

export async function CustomerTable({
  rows,
  params,
  sortHref,
  selectable,
}: {
  rows: CustomerListResult["rows"];
  params: CustomerListParams;
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
  /** Rows get a checkbox that belongs to the bulk-actions form. */
  selectable?: { formId: string; label: string };
}) {
  const [t, format, tagColors] = await Promise.all([getTranslations("customers"), getFormatter(), getTagColors()]);

  const header = (key: SortKey, label: string, className = "") => {
    const active = params.sort === key;
    const nextDir = active && params.dir === "asc" ? "desc" : "asc";
    return <SortTh label={label} active={active} dir={params.dir} href={sortHref(key, nextDir)} className={className} />;
  };

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            {selectable && (
              <th scope="col" className="w-10 px-4 py-3">
                <span className="sr-only">{selectable.label}</span>
              </th>
            )}
            {header("number", t("fields.number"), "hidden md:table-cell")}
            {header("name", t("fields.name"))}
            <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">
              {t("fields.contact")}
            </th>
            {header("city", t("fields.city"), "hidden lg:table-cell")}
            <th scope="col" className="hidden px-4 py-3 font-medium lg:table-cell">
              {t("fields.tags")}
            </th>
            {header("createdAt", t("fields.createdAt"), "hidden sm:table-cell")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((customer) => (
            <tr key={customer.id} className="hover:bg-slate-50">
              {selectable && (
                <td className="px-4 py-3">
                  <input type="checkbox" name="ids" value={customer.id} form={selectable.formId} aria-label={`${selectable.label}: ${customer.name}`} className="size-4" />
                </td>
              )}
              <td className="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 md:table-cell">{formatCustomerNumber(customer.number)}</td>
              <td className="px-4 py-3">
                <Link href={`/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
                  {customer.name}
                </Link>
                {/* On narrow screens the contact column folds in under the name. */}
                <div className="mt-0.5 text-xs text-slate-600 sm:hidden">
                  {customer.phone ? formatPhone(customer.phone) : customer.email}
                </div>
              </td>
              <td className="hidden px-4 py-3 text-slate-600 sm:table-cell">
                <div className="max-w-[14rem] truncate">{customer.email}</div>
                {customer.phone && <div className="whitespace-nowrap text-xs">{formatPhone(customer.phone)}</div>}
              </td>
              <td className="hidden px-4 py-3 text-slate-600 lg:table-cell">{customer.city}</td>
              <td className="hidden px-4 py-3 lg:table-cell">
                <TagList tags={customer.tags} colors={tagColors} />
              </td>
              <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 sm:table-cell">
                {format.dateTime(customer.createdAt, "date")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
