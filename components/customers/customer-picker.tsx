"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import { SearchPicker } from "@/components/ui/search-picker";

/** A customer as the search lists it; `detail` (phone, e-mail or city) tells namesakes apart. */
export type CustomerOption = { id: string; name: string; number: string; detail: string | null };

/** What the picker shows of the chosen customer. */
export type ChosenCustomer = Pick<CustomerOption, "id" | "name" | "number">;

/**
 * The customer field of a form: a search box (by name, e-mail, phone or customer number) until a
 * customer is chosen, then that customer with a button to change it. The chosen customer's id
 * goes with the form as `name`; with none chosen the field is absent, so the server says it is
 * required.
 */
export function CustomerPicker({
  id,
  name = "customerId",
  value,
  onChange,
  search,
  error,
  fixed = false,
  children,
}: {
  /** The field's id; its error is `${id}-error`. */
  id: string;
  name?: string;
  value: ChosenCustomer | null;
  onChange: (customer: CustomerOption | null) => void;
  search: (q: string) => Promise<CustomerOption[]>;
  error?: string;
  /** The customer may not be changed here (it comes from elsewhere, e.g. a deal). */
  fixed?: boolean;
  /** More about the chosen customer, shown under it. */
  children?: ReactNode;
}) {
  const t = useTranslations("customers.picker");
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  // After a choice (or "change"), focus moves to what replaced the control the user was on.
  const focusNext = useRef<"input" | "change" | null>(null);
  const chosenId = value?.id ?? null;

  useEffect(() => {
    if (focusNext.current === "input") input.current?.focus();
    if (focusNext.current === "change") change.current?.focus();
    focusNext.current = null;
  }, [chosenId]);

  if (value) {
    return (
      <Field id={id} label={t("label")} error={error} required>
        {(control) => (
          <div className="space-y-1">
            {/* The button wraps below on a narrow screen rather than cutting the name short. */}
            <div className="flex flex-wrap gap-2">
              <input type="hidden" name={name} value={value.id} />
              <input {...control} readOnly value={`${value.name} · ${value.number}`} className={controlClass(Boolean(error), "min-w-0 flex-[1_1_14rem] bg-slate-50")} />
              {!fixed && (
                <Button
                  ref={change}
                  variant="secondary"
                  className="shrink-0"
                  onClick={() => {
                    focusNext.current = "input";
                    onChange(null);
                  }}
                >
                  {t("change")}
                </Button>
              )}
            </div>
            {children && <div className="text-sm text-slate-600">{children}</div>}
          </div>
        )}
      </Field>
    );
  }

  return (
    <SearchPicker<CustomerOption>
      id={id}
      label={t("label")}
      placeholder={t("placeholder")}
      hint={t("hint")}
      error={error}
      required
      // One character is a useful search: a Chinese surname such as 王 is one.
      minLength={1}
      inputRef={input}
      search={search}
      onPick={(customer) => {
        focusNext.current = "change";
        onChange(customer);
      }}
      labels={{ searching: t("searching"), none: t("noResults"), found: (count) => t("results", { count }) }}
      renderOption={(option) => (
        <span className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className="font-medium text-slate-900">{option.name}</span>
          <span className="text-xs text-slate-500">
            <span className="font-mono">{option.number}</span>
            {option.detail && <> · {option.detail}</>}
          </span>
        </span>
      )}
    />
  );
}
