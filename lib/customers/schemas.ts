import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { customerSources } from "@/db/schema";
import { optionalEmail, optionalText, requiredText, tagList } from "@/lib/validation";
import { normalisePhone } from "./rules";

/** One schema for the form and the API: FormData strings and JSON values both parse. */
export const customerInputSchema = z.strictObject({
  name: requiredText(200),
  email: optionalEmail,
  /** Any way people write it; stored in E.164 (see `customerSchemaFor`). */
  phone: optionalText(40),
  city: optionalText(100),
  source: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(customerSources, { error: "validation.source" }).default("other"),
  ),
  tags: tagList,
  notes: optionalText(2000),
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

/** The list's URL state; a bad value falls back to its default instead of failing the page. */
export const customerListParamsSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
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
