"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/http/action";
import { rotatePaymentWebhookSecret } from "@/lib/integration/payments";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookEndpointActive,
  updateWebhookEndpoint,
} from "@/lib/integration/webhooks";

const list = "/admin/webhooks";

/** The endpoint form's fields: one `events` field per box ticked. */
const endpointInput = (values: Record<string, string>, formData: FormData) => ({ ...values, events: formData.getAll("events") });

export const createWebhookEndpointAction = defineAction(
  (values, actor, formData) => createWebhookEndpoint(actor, endpointInput(values, formData)),
  (endpoint) => {
    revalidatePath(list);
    redirect(`/admin/webhooks/${endpoint.id}`);
  },
);

export const updateWebhookEndpointAction = defineAction(
  ({ id, ...values }, actor, formData) => updateWebhookEndpoint(actor, id, endpointInput(values, formData)),
  (endpoint) => {
    revalidatePath(list);
    revalidatePath(`/admin/webhooks/${endpoint.id}`);
  },
);

export const setWebhookEndpointActiveAction = defineAction(
  ({ id, active }, actor) => setWebhookEndpointActive(actor, id, { active }),
  (endpoint) => {
    revalidatePath(list);
    revalidatePath(`/admin/webhooks/${endpoint.id}`);
  },
);

export const rotateWebhookSecretAction = defineAction(
  ({ id }, actor) => rotateWebhookSecret(actor, id),
  (endpoint) => revalidatePath(`/admin/webhooks/${endpoint.id}`),
);

export const deleteWebhookEndpointAction = defineAction(
  ({ id }, actor) => deleteWebhookEndpoint(actor, id),
  () => {
    revalidatePath(list);
    redirect(list);
  },
);

export const redeliverWebhookAction = defineAction(
  ({ id }, actor) => redeliverWebhook(actor, id),
  (delivery) => revalidatePath(`/admin/webhooks/${delivery.endpointId}`),
);

export const rotatePaymentSecretAction = defineAction(
  (_values, actor) => rotatePaymentWebhookSecret(actor).then(() => ({ rotated: true })),
  () => revalidatePath(list),
);
