import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MergeButton } from "@/components/customers/merge-button";
import { EmptyState } from "@/components/ui/empty-state";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import type { Customer } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { listDuplicates } from "@/lib/customers/merge";
import { formatCustomerNumber, formatPhone } from "@/lib/customers/rules";
import { mergeCustomersAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers.duplicates"))("title") };
}

function Summary({ customer }: { customer: Customer }) {
  return (
    <div className="min-w-0">
      <Link href={`/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
        {customer.name}
      </Link>
      <p className="font-mono text-xs text-slate-500">{formatCustomerNumber(customer.number)}</p>
      <p className="truncate text-xs text-slate-600">{[customer.email, customer.phone && formatPhone(customer.phone), customer.city].filter(Boolean).join(" · ")}</p>
    </div>
  );
}

export default async function DuplicatesPage() {
  const actor = await requirePermission("customers.merge");
  const [t, pairs] = await Promise.all([getTranslations("customers.duplicates"), listDuplicates(actor)]);
  const label = (customer: Customer) => `${customer.name} (${formatCustomerNumber(customer.number)})`;
  return (
    <>
      <BackLink href="/customers">{(await getTranslations("customers"))("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      {pairs.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-3">
          {pairs.map(({ first, second, reason }) => (
            <li key={`${first.id}-${second.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
              <p className="mb-3 text-xs font-medium uppercase tracking-wide text-slate-500">{t(`reasons.${reason}`)}</p>
              <div className="grid gap-4 sm:grid-cols-2">
                <Summary customer={first} />
                <Summary customer={second} />
              </div>
              <div className="mt-3 flex flex-wrap gap-x-6 gap-y-2 border-t border-slate-100 pt-3">
                <MergeButton action={mergeCustomersAction} keep={{ id: first.id, label: label(first) }} merge={{ id: second.id, label: label(second) }} />
                <MergeButton action={mergeCustomersAction} keep={{ id: second.id, label: label(second) }} merge={{ id: first.id, label: label(first) }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
