import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatCustomerNumber, formatPhone } from "@/lib/customers/rules";
import { loadCustomer } from "./load";

export async function generateMetadata({ params }: PageProps<"/customers/[customerId]">): Promise<Metadata> {
  const actor = await requirePermission("customers.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  return { title: customer.name };
}

export default async function CustomerPage({ params }: PageProps<"/customers/[customerId]">) {
  const actor = await requirePermission("customers.read");
  const customer = await loadCustomer(actor, (await params).customerId);
  const [t, format] = await Promise.all([getTranslations("customers"), getFormatter()]);
  const none = <span className="text-slate-400">—</span>;

  const item = (label: string, value: ReactNode) => (
    <div className="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{value || none}</dd>
    </div>
  );

  return (
    <>
      <LiveRefresh types={["customer.updated"]} entityId={customer.id} />
      <nav className="mb-2 text-sm">
        <Link href="/customers" className="text-brand-700 hover:underline">
          ← {t("title")}
        </Link>
      </nav>
      <PageHeader
        title={customer.name}
        description={<span className="font-mono">{formatCustomerNumber(customer.number)}</span>}
        actions={
          can(actor, "customers.write") && (
            <Link href={`/customers/${customer.id}/edit`} className={buttonClass("secondary")}>
              <Pencil className="size-4" aria-hidden />
              {t("edit")}
            </Link>
          )
        }
      />
      <Card className="px-5 sm:px-6">
        <dl className="divide-y divide-slate-100">
          {item(
            t("fields.email"),
            customer.email &&
              (customer.piiMasked ? (
                customer.email
              ) : (
                <a href={`mailto:${customer.email}`} className="text-brand-700 hover:underline">
                  {customer.email}
                </a>
              )),
          )}
          {item(
            t("fields.phone"),
            customer.phone &&
              (customer.piiMasked ? (
                customer.phone
              ) : (
                <a href={`tel:${customer.phone}`} className="text-brand-700 hover:underline">
                  {formatPhone(customer.phone)}
                </a>
              )),
          )}
          {item(t("fields.city"), customer.city)}
          {item(t("fields.source"), t(`sources.${customer.source}`))}
          {item(
            t("fields.tags"),
            customer.tags.length > 0 && (
              <span className="flex flex-wrap gap-1">
                {customer.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            ),
          )}
          {item(t("fields.owner"), customer.ownerName)}
          {item(t("fields.notes"), customer.notes && <span className="whitespace-pre-wrap">{customer.notes}</span>)}
          {item(t("fields.createdAt"), format.dateTime(customer.createdAt, "dateTime"))}
          {item(t("fields.updatedAt"), format.dateTime(customer.updatedAt, "dateTime"))}
        </dl>
      </Card>
    </>
  );
}
