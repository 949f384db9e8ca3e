import { z } from "zod";
import { countryCode, decimalNumber, requiredText, wholeNumber } from "@/lib/validation";

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

export const membershipSettingsSchema = z.strictObject({
  /** Points per unit of the organisation's currency, before tier and campaign multipliers (two decimals). */
  pointsPerUnit: decimalNumber(0, 1000).refine((rate) => Number.isInteger(Math.round(rate * 100)) && Math.abs(rate * 100 - Math.round(rate * 100)) < 1e-9, {
      error: "validation.twoDecimals",
    }),
  /** Months until earned points expire. */
  expiryMonths: wholeNumber(1, 120),
  signupBonus: wholeNumber(0, 1_000_000),
  birthdayBonus: wholeNumber(0, 1_000_000),
  /** The most points a support agent may add or take in one adjustment; managers and admins have no cap. */
  agentAdjustCap: wholeNumber(0, 1_000_000),
  /** Days a purchase's points wait (the return window) before they can be spent; 0 = at once. */
  pendingDays: z.preprocess((value) => value ?? 0, wholeNumber(0, 90)),
});

export type MembershipSettings = z.infer<typeof membershipSettingsSchema>;

export const salesSettingsSchema = z.strictObject({
  /** How many points pay for one unit of the organisation's currency on an order (100 = ¥1 per 100 points). */
  pointsPerCurrencyUnit: wholeNumber(1, 1_000_000),
});

export type SalesSettings = z.infer<typeof salesSettingsSchema>;

/**
 * Every settings key, its schema and its default. Modules add their keys here; values are stored
 * as JSON in `settings` and always read back through the schema.
 */
export const settingDefinitions = {
  organisation: {
    schema: organisationSettingsSchema,
    defaults: { name: "Member CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" } as OrganisationSettings,
  },
  membership: {
    schema: membershipSettingsSchema,
    defaults: { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 500, pendingDays: 0 } as MembershipSettings,
  },
  sales: {
    schema: salesSettingsSchema,
    defaults: { pointsPerCurrencyUnit: 100 } as SalesSettings,
  },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]["schema"]>;
