import { getCountries } from "libphonenumber-js/max";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toMinorUnits } from "@/lib/money";

/**
 * Zod's own messages are English sentences; ours are catalog keys, so that every transport can say
 * them in the user's language. A schema's own message still wins over these.
 */
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined || issue.input === null ? "validation.required" : "validation.invalid";
      case "unrecognized_keys":
        return "validation.unknownField";
      case "too_big":
        return "validation.tooLong";
      case "invalid_format":
        return issue.format === "email" ? "validation.email" : "validation.invalid";
      default:
        return "validation.invalid";
    }
  },
});

/**
 * Schema pieces for input that arrives as FormData as well as JSON. Messages are catalog keys
 * (`validation.*`), translated where they are shown.
 */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * Whether PostgreSQL can keep `text` as it is: it cannot store a NUL character, and a lone UTF-16
 * surrogate (which JSON can carry as `"\ud800"`) would be stored as U+FFFD, or refused in JSON
 * columns such as the audit log's, so the text would not come back as it was accepted. Also for
 * text that only searches: a NUL fails the query.
 */
export const isStorableText = (text: string) => !text.includes("\u0000") && text.isWellFormed();

export const requiredText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    // A missing value is "required"; a number or a list in its place is "invalid" (see `z.config`).
    z
      .string()
      .trim()
      .max(max, { error: "validation.tooLong" })
      .refine(isStorableText, { error: "validation.invalid" }),
  );

export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, { error: "validation.tooLong" }).refine(isStorableText, { error: "validation.invalid" }).optional());

export const optionalEmail = z.preprocess(
  blankToUndefined,
  z
    .email({ error: "validation.email" })
    .max(254, { error: "validation.tooLong" })
    .transform((email) => email.toLowerCase())
    .optional(),
);

/** A comma-separated string (forms) or an array (API) of short labels, trimmed and de-duplicated. */
export const tagList = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",") : value ?? undefined),
  z
    .array(z.string().trim().max(40, { error: "validation.tagTooLong" }))
    .default([])
    .transform((tags) => [...new Set(tags.filter(Boolean))])
    .pipe(z.array(z.string()).max(20, { error: "validation.tooManyTags" })),
);

export const uuidParam = z.uuid();

const countries = new Set<string>(getCountries());

/** An ISO 3166 alpha-2 country code, in any case. */
export const countryCode = z
  .string({ error: "validation.required" })
  .trim()
  .toUpperCase()
  .refine((code) => countries.has(code), { error: "validation.country" });

/** An optional value from `values`; an empty form field means none. */
export const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess(blankToUndefined, z.enum(values, { error }).optional());

/**
 * Whether `day` is a real calendar day written `YYYY-MM-DD` (not 2026-02-31) of a year the app can
 * work with, as `monthPattern`'s months: 1900 to 2199. Beyond them days break in other ways: the
 * year 0000 is not in PostgreSQL's calendar, years below 100 become 19xx in date arithmetic, and
 * the day after 9999-12-31 cannot be written `YYYY-MM-DD`.
 */
function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return /^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

/** A calendar day, `YYYY-MM-DD`. */
export const calendarDay = z.string({ error: "validation.date" }).refine(isCalendarDay, { error: "validation.date" });

/** A day in a list's URL filters: a missing or impossible one (2026-02-30) is no filter. */
export const dayFilter = calendarDay.optional().catch(undefined);

/** A past calendar day (`YYYY-MM-DD`) after 1900, such as a birthday. */
export const optionalPastDay = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" })
    .refine((day) => isCalendarDay(day) && day >= "1900-01-01" && new Date(`${day}T00:00:00Z`).getTime() <= Date.now(), { error: "validation.pastDate" })
    .optional(),
);

/** A typed number (form text or JSON): an empty field is missing, never 0. */
const typedNumber = z.preprocess(
  (value) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value.trim())) : value),
  z.number({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.decimal") }),
);

/** A whole number between `min` and `max`. */
export const wholeNumber = (min: number, max: number) =>
  typedNumber.pipe(
    z
      .number()
      .int({ error: "validation.number" })
      .min(min, { error: "validation.tooSmall" })
      .max(max, { error: "validation.tooBig" }),
  );

/** A number with decimals between `min` and `max` (a factor such as 1.5). */
export const decimalNumber = (min: number, max: number, options: { exclusiveMin?: boolean } = {}) =>
  typedNumber.pipe(
    (options.exclusiveMin ? z.number().gt(min, { error: "validation.tooSmall" }) : z.number().min(min, { error: "validation.tooSmall" })).max(max, {
      error: "validation.tooBig",
    }),
  );

/** An optional number: an empty field means none. */
export const optionalNumber = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

export type FieldErrors = Record<string, string[] | undefined>;

const firstStorableMoment = Date.parse("0001-01-01T00:00:00Z");
const lastStorableMoment = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * Whether PostgreSQL can read `date` as the driver sends it (its ISO text): JavaScript counts
 * years 0 and before, and past 9999, that PostgreSQL's timestamps do not take in that form.
 */
export const isStorableDate = (date: Date) => date.getTime() >= firstStorableMoment && date.getTime() <= lastStorableMoment;

/**
 * The fields of `value` (its top-level keys, as field errors are named) that hold a string that
 * cannot be stored as it is anywhere inside; "" for a string that is the whole input.
 */
function nulFields(value: unknown): string[] {
  const holdsNul = (item: unknown, depth: number): boolean => {
    if (typeof item === "string") return !isStorableText(item);
    if (depth > 32 || item === null || typeof item !== "object" || item instanceof Date || item instanceof Blob) return false;
    return Object.values(item).some((inner) => holdsNul(inner, depth + 1));
  };
  if (typeof value === "string") return holdsNul(value, 0) ? [""] : [];
  if (value === null || typeof value !== "object" || value instanceof Blob) return [];
  return Object.entries(value).flatMap(([key, item]) => (holdsNul(item, 1) ? [key] : []));
}

/**
 * Parses input at a domain function's boundary; bad input becomes one `VALIDATION` error that
 * carries every field's messages, so every transport reports them the same way.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  // Text PostgreSQL cannot store as it is (a NUL, a lone surrogate) is refused with the rest.
  const withNul = nulFields(input);
  if (parsed.success && withNul.length === 0) return parsed.data;
  const issues = parsed.success ? [] : parsed.error.issues;
  // A field that is not accepted is named as a field of its own.
  const unknown = issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys.map((key) => [[...issue.path, key].join("."), issue.message] as const) : []));
  const { formErrors, fieldErrors } = z.flattenError(new z.ZodError(issues.filter((issue) => issue.code !== "unrecognized_keys" || issue.path.length > 0)));
  const fields = fieldErrors as Record<string, string[]>;
  // Own properties only: a field named `constructor` or `__proto__` is a field like any other.
  const name = (field: string, message: string) => {
    if (!Object.hasOwn(fields, field)) Object.defineProperty(fields, field, { value: [message], enumerable: true, writable: true, configurable: true });
  };
  for (const [field, message] of unknown) name(field, message);
  for (const field of withNul) name(field, "validation.invalid");
  throw new AppError("VALIDATION", formErrors[0] ?? (withNul.includes("") ? "validation.invalid" : "errors.VALIDATION"), fields);
}

/** A typed amount in major units of `currency` (`1,200.50`, or a JSON number), kept in minor units. */
export const moneyInput = (currency: string) =>
  z.union([z.string(), z.number()], { error: "validation.amount" }).transform((value, context) => {
    const minor = toMinorUnits(value, currency);
    if (minor === null) {
      context.addIssue({ code: "custom", message: "validation.amount" });
      return z.NEVER;
    }
    return minor;
  });

/** An optional amount: an empty field means none. */
export const optionalMoney = (currency: string) => z.preprocess(blankToUndefined, moneyInput(currency).optional());

/** A checkbox: ticked ("on" from a form, or `true`/"true") or not. */
export const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());

/** An optional calendar day: an empty field means none. */
export const optionalDay = z.preprocess(blankToUndefined, calendarDay.optional());
