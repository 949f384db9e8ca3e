"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";
import { AttachmentField } from "@/components/forms/attachment-field";

type Choice = { value: string; label: string };

/**
 * The member opens a support request: subject, topic, optionally one of their orders, and what
 * happened. On success the action goes to the new request's page.
 */
export function TicketForm<T>({
  action,
  categories,
  orders,
  initialOrderId,
}: {
  action: FormAction<T>;
  categories: Choice[];
  /** The member's own orders, each already labelled with its number, date and total. */
  orders: { id: string; label: string }[];
  initialOrderId: string;
}) {
  const t = useTranslations("portalTickets.form");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const failed = state && !state.ok ? state : null;
  // The domain says "one of this customer's orders"; the member is told in their own terms.
  const orderError = failed?.fieldErrors?.orderId?.[0] === "validation.ticketOrder" ? t("orderInvalid") : errors.field("orderId");
  return (
    <form action={formAction} aria-label={t("label")} className="space-y-4" noValidate>
      <FormAlert>{errors.form}</FormAlert>
      <Field id="ticket-subject" label={t("subject")} error={errors.field("subject")} required>
        {(control) => <input {...control} name="subject" maxLength={200} defaultValue={errors.value("subject") ?? ""} className={controlClass(Boolean(errors.field("subject")))} />}
      </Field>
      <Field id="ticket-category" label={t("category")} error={errors.field("category")} required>
        {(control) => (
          <select {...control} name="category" defaultValue={errors.value("category") ?? categories[0]?.value} className={controlClass(Boolean(errors.field("category")))}>
            {categories.map((category) => (
              <option key={category.value} value={category.value}>
                {category.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {orders.length > 0 && (
        <Field id="ticket-order" label={t("order")} hint={t("orderHint")} error={orderError}>
          {(control) => (
            <select {...control} name="orderId" defaultValue={errors.value("orderId") ?? initialOrderId} className={controlClass(Boolean(orderError))}>
              <option value="">{t("noOrder")}</option>
              {orders.map((order) => (
                <option key={order.id} value={order.id}>
                  {order.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id="ticket-description" label={t("description")} hint={t("descriptionHint")} error={errors.field("description")} required>
        {(control) => (
          <textarea
            {...control}
            name="description"
            rows={6}
            maxLength={20_000}
            defaultValue={errors.value("description") ?? ""}
            className={controlClass(Boolean(errors.field("description")), "min-h-32")}
          />
        )}
      </Field>
      <AttachmentField id="ticket-files" error={errors.field("attachments")} />
      <Button type="submit" className="w-full sm:w-auto" disabled={pending} aria-busy={pending || undefined}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
