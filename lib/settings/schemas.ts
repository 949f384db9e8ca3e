import { z } from "zod";
import { countryCode, requiredText } from "@/lib/validation";

const currencies = new Set(Intl.supportedValuesOf("currency"));
const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export const organisationSettingsSchema = z.strictObject({
  name: requiredText(120),
  currency: z
    .string({ error: "validation.required" })
    .trim()
    .toUpperCase()
    .refine((code) => currencies.has(code), { error: "validation.currency" }),
  timeZone: z
    .string({ error: "validation.required" })
    .trim()
    .refine((zone) => timeZones.has(zone), { error: "validation.timeZone" }),
  /** Phone numbers typed without a country code are read as numbers of this country. */
  country: countryCode,
});

export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;

/**
 * Every settings key, its schema and its default. Modules add their keys here; values are stored
 * as JSON in `settings` and always read back through the schema.
 */
export const settingDefinitions = {
  organisation: {
    schema: organisationSettingsSchema,
    defaults: { name: "Member CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" } as OrganisationSettings,
  },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]["schema"]>;
