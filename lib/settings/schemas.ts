import { z } from "zod";
import { calendarDay, countryCode, decimalNumber, requiredText, wholeNumber } from "@/lib/validation";

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
  /**
   * What one point is worth, in minor units of the organisation's currency (two decimals): the
   * reports value the outstanding points at it, as a liability. 1 = 0.01 of a yuan.
   */
  pointValue: z.preprocess((value) => value ?? 1, decimalNumber(0, 100_000).refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, { error: "validation.twoDecimals" })),
});

export type MembershipSettings = z.infer<typeof membershipSettingsSchema>;

export const salesSettingsSchema = z.strictObject({
  /** How many points pay for one unit of the organisation's currency on an order (100 = ¥1 per 100 points). */
  pointsPerCurrencyUnit: wholeNumber(1, 1_000_000),
});

export type SalesSettings = z.infer<typeof salesSettingsSchema>;

const timeOfDay = z.string({ error: "validation.time" }).regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: "validation.time" });
const workingPeriod = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((period) => period.start < period.end, { error: "validation.periodOrder" });
/** A day's working periods, in order and not overlapping, e.g. 09:00–12:00 and 13:00–18:00. */
const workingDay = z
  .array(workingPeriod)
  .max(6)
  .refine((periods) => periods.every((period, index) => index === 0 || periods[index - 1]!.end <= period.start), { error: "validation.periodOverlap" });

/** Business minutes allowed per priority: up to 60 working days of 24 hours. */
const slaTarget = z.strictObject({ firstResponseMinutes: wholeNumber(1, 86_400), resolutionMinutes: wholeNumber(1, 86_400) });
/** Whether each SLA clock runs in a status (solved and closed stop both). */
const statusClocks = z.strictObject({ firstResponse: z.boolean(), resolution: z.boolean() });

export const serviceSettingsSchema = z.strictObject({
  /** The business calendar SLA targets are counted in. */
  calendar: z
    .strictObject({
      timeZone: z
        .string({ error: "validation.required" })
        .trim()
        .refine((zone) => timeZones.has(zone), { error: "validation.timeZone" }),
      /** Monday first. */
      week: z.array(workingDay).length(7),
      holidays: z.array(calendarDay).max(400),
      /** Make-up working days on a weekend; they work Monday's periods. */
      workdays: z.array(calendarDay).max(400),
    })
    .refine((calendar) => calendar.week.some((day) => day.length > 0), { error: "validation.noWorkingTime", path: ["week"] }),
  policies: z.strictObject({ low: slaTarget, normal: slaTarget, high: slaTarget, urgent: slaTarget }),
  clocks: z.strictObject({ new: statusClocks, open: statusClocks, pending: statusClocks, on_hold: statusClocks }),
  /** A running clock with at most this many business minutes left is "breaching soon" and escalates. */
  soonMinutes: wholeNumber(0, 1440),
  /** Solved tickets close after this many days without a customer reply. */
  autoCloseDays: wholeNumber(1, 90),
  /** The team new tickets land in when nobody chose one (the portal's, for instance). */
  defaultTeamId: z.uuid({ error: "validation.invalid" }).nullable(),
  /** Give a ticket that lands in a team to the team's next agent in turn. */
  autoAssign: z.boolean(),
});

export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export const paymentSettingsSchema = z.strictObject({
  /** Checks the payment provider's `Payment-Signature` on inbound events; null until an admin generates one. */
  webhookSecret: z.string({ error: "validation.invalid" }).min(32, { error: "validation.invalid" }).max(200, { error: "validation.tooLong" }).nullable(),
});

export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

export const sessionSettingsSchema = z
  .strictObject({
    /** A session unused this long ends: the next request has to sign in again. */
    idleMinutes: wholeNumber(5, 24 * 60),
    /** A session ends this long after sign-in, however active it is. */
    maxHours: wholeNumber(1, 30 * 24),
    /** Admins sign in with a code from an authenticator app too; one who has none sets it up at sign-in. */
    adminTwoFactor: z.boolean().default(false),
  })
  .refine((limits) => limits.idleMinutes <= limits.maxHours * 60, { error: "validation.idleWithinMax", path: ["idleMinutes"] });

export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

const officeHours = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
];

/**
 * Every settings key, its schema, its default and (unless the admins' `settings.manage`) the
 * permission that changes it. Modules add their keys here; values are stored
 * as JSON in `settings` and always read back through the schema.
 */
export const settingDefinitions = {
  organisation: {
    schema: organisationSettingsSchema,
    defaults: { name: "Member CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" } as OrganisationSettings,
  },
  membership: {
    schema: membershipSettingsSchema,
    defaults: { pointsPerUnit: 1, expiryMonths: 24, signupBonus: 200, birthdayBonus: 500, agentAdjustCap: 500, pendingDays: 0, pointValue: 1 } as MembershipSettings,
  },
  sales: {
    schema: salesSettingsSchema,
    defaults: { pointsPerCurrencyUnit: 100 } as SalesSettings,
  },
  service: {
    schema: serviceSettingsSchema,
    /** Managers run the service desk: they set its targets and hours too. */
    permission: "service.manage",
    defaults: {
      calendar: { timeZone: "Asia/Shanghai", week: [officeHours, officeHours, officeHours, officeHours, officeHours, [], []], holidays: [], workdays: [] },
      policies: {
        urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
        high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        low: { firstResponseMinutes: 480, resolutionMinutes: 2400 },
      },
      clocks: {
        new: { firstResponse: true, resolution: true },
        open: { firstResponse: true, resolution: true },
        pending: { firstResponse: true, resolution: false },
        on_hold: { firstResponse: true, resolution: true },
      },
      soonMinutes: 60,
      autoCloseDays: 7,
      defaultTeamId: null,
      autoAssign: false,
    } as ServiceSettings,
  },
  sessions: {
    schema: sessionSettingsSchema,
    defaults: { idleMinutes: 120, maxHours: 12, adminTwoFactor: false } as SessionSettings,
  },
  payments: {
    schema: paymentSettingsSchema,
    /** The payment provider's signing secret: with the webhooks, for the admins who manage integrations. */
    permission: "integrations.manage",
    /** Masked in the audit log. */
    secrets: ["webhookSecret"],
    defaults: { webhookSecret: null } as PaymentSettings,
  },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]["schema"]>;
