import { z } from "zod";
import { customerSources } from "@/db/schema";
import { optionalEmail, optionalText, requiredText, tagList } from "@/lib/validation";

/** One schema for the form and the API: FormData strings and JSON values both parse. */
export const customerInputSchema = z.strictObject({
  name: requiredText(200),
  email: optionalEmail,
  /** Normalised to E.164 by the domain function, with the organisation's country as default. */
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
