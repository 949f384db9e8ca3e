"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { CustomerPicker, type ChosenCustomer, type CustomerOption } from "@/components/customers/customer-picker";
import { AttachmentField } from "@/components/forms/attachment-field";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

type Option = { value: string; label: string };

/** A new ticket on a customer's behalf: who, what about (and which order), how it came in, and where it goes. */
export function TicketForm<T>({
  action,
  customer: initialCustomer,
  searchCustomers,
  customerOrders,
  channels,
  categories,
  priorities,
  teams,
  defaultTeamId,
}: {
  action: FormAction<T>;
  customer: ChosenCustomer | null;
  searchCustomers: (q: string) => Promise<CustomerOption[]>;
  customerOrders: (customerId: string) => Promise<{ id: string; label: string }[]>;
  channels: Option[];
  categories: Option[];
  priorities: Option[];
  teams: Option[];
  defaultTeamId: string | null;
}) {
  const t = useTranslations("tickets");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const value = (name: string, fallback = "") => errors.value(name) ?? fallback;
  // Kept outside the form, so a refused submission (which re-mounts the form) keeps them.
  const [customer, setCustomer] = useState<ChosenCustomer | null>(initialCustomer);
  const [orders, setOrders] = useState<{ id: string; label: string }[]>([]);

  useEffect(() => {
    let current = true;
    if (customer) void customerOrders(customer.id).then((found) => current && setOrders(found));
    return () => {
      current = false;
    };
  }, [customer, customerOrders]);

  const select = (name: string, options: Option[], fallback: string, empty?: string) => (
    <Field id={`ticket-${name}`} label={t(`fields.${name}`)} error={errors.field(name)}>
      {(control) => (
        <select {...control} name={name} defaultValue={value(name, fallback)} className={controlClass(Boolean(errors.field(name)))}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <CustomerPicker
            id="ticket-customer"
            value={customer}
            onChange={(chosen) => {
              setOrders([]);
              setCustomer(chosen);
            }}
            search={searchCustomers}
            error={errors.field("customerId")}
          />
        </div>
        <div className="sm:col-span-2">
          <Field id="ticket-subject" label={t("fields.subject")} error={errors.field("subject")} required>
            {(control) => <input {...control} name="subject" maxLength={200} autoComplete="off" defaultValue={value("subject")} className={controlClass(Boolean(errors.field("subject")))} />}
          </Field>
        </div>
        <div className="sm:col-span-2">
          <Field id="ticket-description" label={t("fields.description")} hint={t("hints.description")} error={errors.field("description")} required>
            {(control) => <textarea {...control} name="description" rows={6} defaultValue={value("description")} className={controlClass(Boolean(errors.field("description")))} />}
          </Field>
        </div>
        <div className="sm:col-span-2">
          <AttachmentField id="ticket-files" error={errors.field("attachments")} />
        </div>
        {select("channel", channels, "phone")}
        {select("category", categories, "inquiry")}
        {select("priority", priorities, "normal")}
        {select("teamId", teams, defaultTeamId ?? "", t("noTeam"))}
        {customer && (
          <div className="sm:col-span-2">{select("orderId", orders.map((order) => ({ value: order.id, label: order.label })), "", orders.length ? t("noOrder") : t("customerHasNoOrders"))}</div>
        )}
        <div className="sm:col-span-2">
          <Field id="ticket-tags" label={t("fields.tags")} hint={t("hints.tags")} error={errors.field("tags")}>
            {(control) => <input {...control} name="tags" autoComplete="off" defaultValue={value("tags")} className={controlClass(Boolean(errors.field("tags")))} />}
          </Field>
        </div>
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("create")}
        </Button>
        <Link href={"/tickets" as Route} className={buttonClass("ghost")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
