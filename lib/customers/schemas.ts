import { TZDate } from "@date-fns/tz";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { activityKinds, consentChannels, consentMethods, customerKinds, customerSources, genders, lifecycleStages } from "@/db/schema";
import { monthPattern } from "@/lib/dates";
import { calendarDay, countryCode, isStorableDate, isStorableText, optionalEmail, optionalEnum, optionalPastDay, optionalText, requiredText, tagList } from "@/lib/validation";
import { rfmCellPattern, rfmSegmentKeys, type RfmSegment } from "./rfm";
import { normalisePhone } from "./rules";

/** One schema for the form and the API: FormData strings and JSON values both parse. */
const blank = (value: unknown) => (value === "" ? undefined : value);

export const customerInputSchema = z.strictObject({
  kind: z.preprocess(blank, z.enum(customerKinds, { error: "validation.invalid" }).default("person")),
  name: requiredText(200),
  email: optionalEmail,
  /** Any way people write it; stored in E.164 (see `customerSchemaFor`). */
  phone: optionalText(40),
  birthday: optionalPastDay,
  gender: optionalEnum(genders, "validation.invalid"),
  country: z.preprocess(blank, countryCode.optional()),
  province: optionalText(100),
  city: optionalText(100),
  addressLine: optionalText(200),
  postalCode: optionalText(20),
  source: z.preprocess(blank, z.enum(customerSources, { error: "validation.source" }).default("other")),
  lifecycleStage: z.preprocess(blank, z.enum(lifecycleStages, { error: "validation.invalid" }).default("customer")),
  /** A staff user who may work customers; by default whoever creates the customer. */
  ownerId: z.preprocess(blank, z.uuid({ error: "validation.owner" }).optional()),
  tags: tagList,
  notes: optionalText(2000),
  /** Values of the organisation's custom fields, checked against their definitions. */
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

/** The input schema that also reads the phone number, as a number of `country` unless it says otherwise. */
export const customerSchemaFor = (country: CountryCode) =>
  customerInputSchema.extend({
    phone: optionalText(40).transform((raw, context) => {
      if (!raw) return null;
      const phone = normalisePhone(raw, country);
      if (!phone) context.addIssue({ code: "custom", message: "validation.phone" });
      return phone;
    }),
  });

export const customerSortKeys = ["name", "number", "city", "createdAt"] as const;
export const pageSizes = [25, 50, 100] as const;

/** Each filter's values; empty means "no filter". */
export const customerFilterFields = {
  tag: z.string().trim().max(40).refine(isStorableText),
  owner: z.union([z.literal("me"), z.uuid()]),
  stage: z.enum(lifecycleStages),
  source: z.enum(customerSources),
  kind: z.enum(customerKinds),
  city: z.string().trim().max(100).refine(isStorableText),
  createdFrom: calendarDay,
  createdTo: calendarDay,
  /** The last paid order, between these days. */
  lastOrderFrom: calendarDay,
  lastOrderTo: calendarDay,
  /** Spend net of refunds over all paid orders, in major units of the organisation currency. */
  spendMin: z.coerce.number().min(0).max(1e12),
  spendMax: z.coerce.number().min(0).max(1e12),
  tier: z.uuid(),
  pointsMin: z.coerce.number().int().min(-1e9).max(1e9),
  pointsMax: z.coerce.number().int().min(-1e9).max(1e9),
  /** An RFM segment or one cell of the grid (`r5f4`), as of the reports' last refresh. */
  rfm: z.union([z.enum(rfmSegmentKeys as [RfmSegment, ...RfmSegment[]]), z.string().regex(rfmCellPattern)]),
  /** The month of the first paid order (`YYYY-MM`): a first-purchase cohort. */
  cohort: z.string().regex(monthPattern),
  /** A month with a paid order (`YYYY-MM`). */
  boughtIn: z.string().regex(monthPattern),
};

/** A filter value that may be left empty. */
export const optionalFilter = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional());
/** A URL filter value: empty or bad means "no filter", never an error page. */
const filterValue = <S extends z.ZodType>(schema: S) => optionalFilter(schema).catch(undefined);

/**
 * Which customers: the list's filters, also what a segment saves and what exports and bulk actions
 * act on. `owner: "me"` stays relative to whoever opens it.
 */
export const customerFilterSchema = z.object({
  q: z.string().trim().max(100).refine(isStorableText).catch("").default(""),
  tag: filterValue(customerFilterFields.tag),
  owner: filterValue(customerFilterFields.owner),
  stage: filterValue(customerFilterFields.stage),
  source: filterValue(customerFilterFields.source),
  kind: filterValue(customerFilterFields.kind),
  city: filterValue(customerFilterFields.city),
  createdFrom: filterValue(customerFilterFields.createdFrom),
  createdTo: filterValue(customerFilterFields.createdTo),
  lastOrderFrom: filterValue(customerFilterFields.lastOrderFrom),
  lastOrderTo: filterValue(customerFilterFields.lastOrderTo),
  spendMin: filterValue(customerFilterFields.spendMin),
  spendMax: filterValue(customerFilterFields.spendMax),
  tier: filterValue(customerFilterFields.tier),
  pointsMin: filterValue(customerFilterFields.pointsMin),
  pointsMax: filterValue(customerFilterFields.pointsMax),
  rfm: filterValue(customerFilterFields.rfm),
  cohort: filterValue(customerFilterFields.cohort),
  boughtIn: filterValue(customerFilterFields.boughtIn),
});
export type CustomerFilter = z.output<typeof customerFilterSchema>;
export const customerFilterKeys = Object.keys(customerFilterSchema.shape) as (keyof CustomerFilter)[];

/** The list's URL state; a bad value falls back to its default instead of failing the page. */
export const customerListParamsSchema = customerFilterSchema.extend({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce
    .number()
    .refine((size): size is (typeof pageSizes)[number] => (pageSizes as readonly number[]).includes(size))
    .catch(25)
    .default(25),
  sort: z.enum(customerSortKeys).catch("createdAt").default("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
});
export type CustomerListParams = z.output<typeof customerListParamsSchema>;

/** The filters that are set (and nothing else of a list's state, such as its page or sort). */
export function activeFilters(filter: CustomerFilter): Partial<CustomerFilter> {
  return Object.fromEntries(
    customerFilterKeys.map((key) => [key, filter[key]] as const).filter(([, value]) => value !== undefined && value !== ""),
  ) as Partial<CustomerFilter>;
}

export const segmentInputSchema = z.strictObject({
  name: requiredText(80),
  filters: customerFilterSchema,
});

export const consentInputSchema = z.strictObject({
  channel: z.enum(consentChannels, { error: "validation.invalid" }),
  granted: z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean({ error: "validation.invalid" })),
  method: z.enum(consentMethods, { error: "validation.consentMethod" }),
  note: optionalText(500),
});

const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A form's `datetime-local` value (no offset) as the instant it names in `timeZone`. */
function inTimeZone(value: unknown, timeZone: string): unknown {
  if (typeof value !== "string") return value;
  const parts = localDateTime.exec(value);
  if (!parts) return value;
  const [year, month, day, hour, minute] = parts.slice(1).map(Number) as [number, number, number, number, number];
  return new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime());
}

/** Activity input; times typed without an offset are read in the organisation's `timeZone`. */
export const activitySchemaFor = (timeZone: string) => z.strictObject({
  kind: z.enum(activityKinds, { error: "validation.activityKind" }),
  subject: requiredText(200),
  body: optionalText(5000),
  /** When it happened; now when left empty. */
  occurredAt: z.preprocess(
    (value) => (value === "" || value === undefined ? new Date() : inTimeZone(value, timeZone)),
    z.coerce
      .date({ error: "validation.date" })
      .refine(isStorableDate, { error: "validation.date" })
      .refine((date) => date.getTime() <= Date.now() + 5 * 60_000, { error: "validation.pastDate" }),
  ),
  durationMinutes: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ error: "validation.number" }).int({ error: "validation.number" }).min(0, { error: "validation.number" }).max(24 * 60, { error: "validation.number" }).optional(),
  ),
});
