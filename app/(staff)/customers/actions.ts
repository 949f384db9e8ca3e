"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createCustomer, updateCustomer } from "@/lib/customers/commands";
import { defineAction } from "@/lib/http/action";

export const createCustomerAction = defineAction(
  (values, actor) => createCustomer(actor, values),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);

export const updateCustomerAction = defineAction(
  ({ id, ...values }, actor) => updateCustomer(actor, id, values),
  (customer) => {
    revalidatePath("/customers");
    redirect(`/customers/${customer.id}`);
  },
);
