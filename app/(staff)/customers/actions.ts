"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { CustomerOption } from "@/components/customers/customer-picker";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { createCustomer, deleteCustomer, logActivity, recordConsent, restoreCustomer, updateCustomer } from "@/lib/customers/commands";
import { mergeCustomers } from "@/lib/customers/merge";
import { eraseCustomer } from "@/lib/customers/privacy";
import { bulkUpdateCustomers } from "@/lib/customers/bulk";
import { addChannel, makeChannelPrimary, removeChannel } from "@/lib/customers/channels";
import { addContact, removeContact } from "@/lib/customers/contacts";
import { listCustomers } from "@/lib/customers/queries";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { createSegment, deleteSegment } from "@/lib/customers/segments";
import { setTagColor } from "@/lib/customers/tags";
import { defineAction } from "@/lib/http/action";

/** The customer form's fields, with `custom.<key>` inputs gathered into `customFields`. */
function customerInput(values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const customFields: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith("custom.")) customFields[name.slice("custom.".length)] = value;
    else input[name] = value;
  }
  return { ...input, customFields };
}

export const createCustomerAction = defineAction(
  (values, actor) => createCustomer(actor, customerInput(values)),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);

export const updateCustomerAction = defineAction(
  ({ id, ...values }, actor) => updateCustomer(actor, id, customerInput(values)),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);

export const recordConsentAction = defineAction(
  ({ customerId, ...values }, actor) => recordConsent(actor, customerId, values),
  (customer) => revalidatePath(`/customers/${customer.id}`),
);

export const logActivityAction = defineAction(
  ({ customerId, ...values }, actor) => logActivity(actor, customerId, values),
  (activity) => revalidatePath(`/customers/${activity.customerId}`),
);

export const deleteCustomerAction = defineAction(
  ({ id }, actor) => deleteCustomer(actor, id),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers?deleted=${customer.id}`);
  },
);

export const restoreCustomerAction = defineAction(
  ({ id }, actor) => restoreCustomer(actor, id),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);

export const createSegmentAction = defineAction(
  async ({ name, filters }, actor) => {
    const segment = await createSegment(actor, { name, filters: parseJson(filters) });
    return { id: segment.id, name: segment.name };
  },
  () => revalidatePath("/customers/segments"),
);

export const deleteSegmentAction = defineAction(
  ({ id }, actor) => deleteSegment(actor, id),
  () => revalidatePath("/customers/segments"),
);

export const eraseCustomerAction = defineAction(
  ({ id, ...values }, actor) => eraseCustomer(actor, id, values),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers?erased=${customer.number}`);
  },
);

export const mergeCustomersAction = defineAction(
  (values, actor) => mergeCustomers(actor, values),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);

/** The bulk form: ticked rows (`ids`) or the list's filters, and one action. */
export const bulkUpdateAction = defineAction(
  ({ scope, filter, type, tag, ownerId }, actor, formData) => {
    const target = scope === "all" ? { filter: parseJson(filter) } : { ids: formData.getAll("ids").map(String) };
    const action = type === "setOwner" ? { type, ownerId } : { type, tag };
    return bulkUpdateCustomers(actor, { target, action });
  },
  () => revalidatePath("/customers"),
);

/** A hidden JSON field; if it was tampered with, validation of the result says so. */
function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}

export const addContactAction = defineAction(
  ({ companyId, ...values }, actor) => addContact(actor, companyId, values),
  (contact) => revalidatePath(`/customers/${contact.companyId}`),
);

export const removeContactAction = defineAction(
  ({ id }, actor) => removeContact(actor, id),
  () => revalidatePath("/customers/[customerId]", "page"),
);

export const setTagColorAction = defineAction(
  (values, actor) => setTagColor(actor, values),
  () => revalidatePath("/customers", "layout"),
);

export const addChannelAction = defineAction(
  ({ customerId, ...values }, actor) => addChannel(actor, customerId, values),
  (channel) => revalidatePath(`/customers/${channel.customerId}`),
);

export const removeChannelAction = defineAction(
  ({ id }, actor) => removeChannel(actor, id),
  () => revalidatePath("/customers/[customerId]", "page"),
);

export const makeChannelPrimaryAction = defineAction(
  ({ id }, actor) => makeChannelPrimary(actor, id),
  () => revalidatePath("/customers/[customerId]", "page"),
);

/**
 * Up to 10 customers matching `q` (name, e-mail, phone or customer number) for the customer
 * pickers of other forms; none for a user who may not read customers.
 */
export async function searchCustomersAction(q: string): Promise<CustomerOption[]> {
  const actor = await requireActor();
  const text = typeof q === "string" ? q.trim().slice(0, 100) : "";
  if (!text || !can(actor, "customers.read")) return [];
  const { rows } = await listCustomers(actor, { q: text, sort: "name", dir: "asc" });
  return rows.slice(0, 10).map((row) => ({ id: row.id, name: row.name, number: formatCustomerNumber(row.number), detail: row.phone ?? row.email ?? row.city ?? null }));
}
