import "server-only";
import { getCountries } from "libphonenumber-js/max";
import { getLocale, getTranslations } from "next-intl/server";
import { customerKinds, customerSources, genders, lifecycleStages } from "@/db/schema";
import { listCustomFields } from "@/lib/customers/custom-fields";
import { listAssignableOwners } from "@/lib/users/queries";
import type { CustomerFormOptions } from "./customer-form";

/** The choices of the customer form, in the user's language. */
export async function customerFormOptions(): Promise<CustomerFormOptions> {
  const [t, locale, owners, customFields] = await Promise.all([getTranslations("customers"), getLocale(), listAssignableOwners(), listCustomFields()]);
  const regions = new Intl.DisplayNames([locale], { type: "region" });
  return {
    kinds: customerKinds.map((value) => ({ value, label: t(`kinds.${value}`) })),
    genders: genders.map((value) => ({ value, label: t(`genders.${value}`) })),
    stages: lifecycleStages.map((value) => ({ value, label: t(`stages.${value}`) })),
    sources: customerSources.map((value) => ({ value, label: t(`sources.${value}`) })),
    owners: owners.map((owner) => ({ value: owner.id, label: owner.name })),
    countries: getCountries()
      .map((code) => ({ value: code, label: regions.of(code) ?? code }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
    customFields: customFields.map(({ key, label, type, options, required }) => ({ key, label, type, options, required })),
  };
}
