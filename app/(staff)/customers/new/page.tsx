import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { customerFormOptions } from "@/components/customers/form-options";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { createCustomerAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("new") };
}

export default async function NewCustomerPage() {
  await requirePermission("customers.write");
  const t = await getTranslations("customers");
  return (
    <>
      <PageHeader title={t("new")} />
      <Card className="p-5 sm:p-6">
        <CustomerForm
          action={createCustomerAction}
          options={await customerFormOptions()}
          cancelHref="/customers"
          submitLabel={t("create")}
          initial={{
            kind: "person",
            name: "",
            email: "",
            phone: "",
            birthday: "",
            gender: "",
            lifecycleStage: "customer",
            ownerId: "",
            source: "other",
            tags: "",
            notes: "",
            country: "",
            province: "",
            city: "",
            addressLine: "",
            postalCode: "",
            customFields: {},
          }}
        />
      </Card>
    </>
  );
}
