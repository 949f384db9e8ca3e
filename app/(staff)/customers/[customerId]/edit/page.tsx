import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { customerSources } from "@/db/schema";
import { requirePermission } from "@/lib/auth/session";
import { formatPhone } from "@/lib/customers/rules";
import { updateCustomerAction } from "../../actions";
import { loadCustomer } from "../load";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("edit") };
}

export default async function EditCustomerPage({ params }: PageProps<"/customers/[customerId]/edit">) {
  const actor = await requirePermission("customers.write");
  const customer = await loadCustomer(actor, (await params).customerId);
  const t = await getTranslations("customers");
  return (
    <>
      <PageHeader title={t("editTitle", { name: customer.name })} />
      <Card className="p-5 sm:p-6">
        <CustomerForm
          action={updateCustomerAction}
          sources={customerSources}
          cancelHref={`/customers/${customer.id}`}
          submitLabel={t("save")}
          initial={{
            id: customer.id,
            name: customer.name,
            email: customer.email ?? "",
            phone: customer.phone ? formatPhone(customer.phone) : "",
            city: customer.city ?? "",
            source: customer.source,
            tags: customer.tags.join(", "),
            notes: customer.notes ?? "",
          }}
        />
      </Card>
    </>
  );
}
