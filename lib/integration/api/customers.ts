import { z } from "zod";
import { customerKinds, customerSources, genders, lifecycleStages, type Customer } from "@/db/schema";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { customerFilterFields, customerInputSchema, optionalFilter } from "@/lib/customers/schemas";
import { listOf, pageParams } from "../cursor";
import { defineOperation } from "../operation";

export const customerResource = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ example: "C-000123" }),
    kind: z.enum(customerKinds),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().meta({ description: "E.164, e.g. +8613800138000." }),
    birthday: z.string().nullable().meta({ description: "YYYY-MM-DD." }),
    gender: z.enum(genders).nullable(),
    country: z.string().nullable().meta({ description: "ISO 3166 alpha-2." }),
    province: z.string().nullable(),
    city: z.string().nullable(),
    addressLine: z.string().nullable(),
    postalCode: z.string().nullable(),
    source: z.enum(customerSources),
    lifecycleStage: z.enum(lifecycleStages),
    emailConsent: z.boolean(),
    smsConsent: z.boolean(),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    customFields: z.record(z.string(), z.union([z.string(), z.number()])),
    ownerId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Customer" });

export function toCustomerResource(customer: Customer): z.input<typeof customerResource> {
  return {
    id: customer.id,
    number: formatCustomerNumber(customer.number),
    kind: customer.kind,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    birthday: customer.birthday,
    gender: customer.gender,
    country: customer.country,
    province: customer.province,
    city: customer.city,
    addressLine: customer.addressLine,
    postalCode: customer.postalCode,
    source: customer.source,
    lifecycleStage: customer.lifecycleStage,
    emailConsent: customer.emailConsent,
    smsConsent: customer.smsConsent,
    tags: customer.tags,
    notes: customer.notes,
    customFields: customer.customFields,
    ownerId: customer.ownerId,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

/**
 * The list's filters, strict: a value that is not one is refused (422), never ignored. Owner ("me"
 * means nobody to a key) and the membership filters (tier, points; the `membership:read` scope's
 * data) are not offered.
 */
const filters = {
  q: z.string().trim().max(100, { error: "validation.tooLong" }).default("").meta({ description: "Any part of the name, e-mail or phone, or a customer number." }),
  tag: optionalFilter(customerFilterFields.tag),
  stage: optionalFilter(customerFilterFields.stage),
  source: optionalFilter(customerFilterFields.source),
  kind: optionalFilter(customerFilterFields.kind),
  city: optionalFilter(customerFilterFields.city),
  createdFrom: optionalFilter(customerFilterFields.createdFrom).meta({ description: "YYYY-MM-DD, in the organisation's time zone." }),
  createdTo: optionalFilter(customerFilterFields.createdTo).meta({ description: "YYYY-MM-DD, in the organisation's time zone." }),
  lastOrderFrom: optionalFilter(customerFilterFields.lastOrderFrom),
  lastOrderTo: optionalFilter(customerFilterFields.lastOrderTo),
  spendMin: optionalFilter(customerFilterFields.spendMin).meta({ description: "Spend net of refunds, in major units of the organisation's currency." }),
  spendMax: optionalFilter(customerFilterFields.spendMax),
};

/** Customer input as JSON: the form's schema; `null` clears a field in a PATCH. */
const customerPatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(customerInputSchema.shape).map(([field, schema]) => [field, z.union([schema, z.null()]).optional()])))
  .meta({ id: "CustomerPatch" });

export const customerOperations = {
  list: defineOperation({
    method: "GET",
    path: "/customers",
    operationId: "listCustomers",
    summary: "List customers",
    description: "Newest first. `q` matches any part of the name, e-mail or phone, or a customer number; the other filters are those of the customer list.",
    tag: "Customers",
    scope: "customers:read",
    query: z.strictObject({ ...filters, ...pageParams }),
    response: listOf(customerResource),
  }),
  create: defineOperation({
    method: "POST",
    path: "/customers",
    operationId: "createCustomer",
    summary: "Create a customer",
    description: "A phone number without a country code is read as one of the organisation's country, and kept in E.164.",
    tag: "Customers",
    scope: "customers:write",
    body: customerInputSchema.meta({ id: "CustomerInput" }),
    example: { name: "Li Wei", email: "li.wei@example.com", phone: "+8613800138000", city: "Hangzhou", tags: ["vip"] },
    response: customerResource,
    status: 201,
  }),
  get: defineOperation({
    method: "GET",
    path: "/customers/{customerId}",
    operationId: "getCustomer",
    summary: "Get a customer",
    tag: "Customers",
    scope: "customers:read",
    response: customerResource,
    errors: [404],
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/customers/{customerId}",
    operationId: "updateCustomer",
    summary: "Change a customer",
    description: "Changes the fields the body names; `null` clears a field.",
    tag: "Customers",
    scope: "customers:write",
    body: customerPatchSchema,
    example: { city: "Suzhou", lifecycleStage: "customer", notes: null },
    response: customerResource,
    errors: [404],
  }),
  remove: defineOperation({
    method: "DELETE",
    path: "/customers/{customerId}",
    operationId: "deleteCustomer",
    summary: "Delete a customer",
    description: "Moves the customer to the bin, from which staff can restore it; orders and points stay.",
    tag: "Customers",
    scope: "customers:write",
    status: 204,
    errors: [404],
  }),
};
