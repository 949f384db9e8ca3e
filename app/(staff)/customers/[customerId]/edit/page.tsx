import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { customerFormOptions } from "@/components/customers/form-options";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
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
  const [t, options] = await Promise.all([getTranslations("customers"), customerFormOptions()]);
  // An owner who can no longer own customers stays visible, so that saving asks for a new one.
  if (customer.ownerId && !options.owners.some((owner) => owner.value === customer.ownerId)) {
    options.owners.unshift({ value: customer.ownerId, label: customer.ownerName ?? customer.ownerId });
  }
  return (
    <>
      <PageHeader title={t("editTitle", { name: customer.name })} />
      <Card className="p-5 sm:p-6">
        <CustomerForm
          action={updateCustomerAction}
          options={options}
          cancelHref={`/customers/${customer.id}`}
          submitLabel={t("save")}
          initial={{
            id: customer.id,
            kind: customer.kind,
            name: customer.name,
            email: customer.email ?? "",
            phone: customer.phone ? formatPhone(customer.phone) : "",
            birthday: customer.birthday ?? "",
            gender: customer.gender ?? "",
            lifecycleStage: customer.lifecycleStage,
            ownerId: customer.ownerId ?? "",
            source: customer.source,
            tags: customer.tags.join(", "),
            notes: customer.notes ?? "",
            country: customer.country ?? "",
            province: customer.province ?? "",
            city: customer.city ?? "",
            addressLine: customer.addressLine ?? "",
            postalCode: customer.postalCode ?? "",
            customFields: Object.fromEntries(Object.entries(customer.customFields).map(([key, value]) => [key, String(value)])),
          }}
        />
      </Card>
    </>
  );
}
