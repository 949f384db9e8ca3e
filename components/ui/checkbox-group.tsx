"use client";

import { useState, type ReactNode } from "react";
import { cn } from "./cn";

export type CheckboxOption = {
  value: string;
  label: ReactNode;
  /** A line under the label; a function to say something else once the box is ticked. */
  hint?: ReactNode | ((checked: boolean) => ReactNode);
};

/**
 * What a checkbox group has ticked, kept by the form (outside any part of it that is re-mounted
 * after a refused submit), so that a refused form shows the same boxes ticked.
 */
export function useTicked(initial: Iterable<string> = []) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(initial));
  const toggle = (value: string, on: boolean) =>
    setTicked((current) => {
      const next = new Set(current);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  return [ticked, toggle] as const;
}

/**
 * A fieldset of checkboxes that all send `name`: its legend with how many are ticked, a hint, the
 * error, and the boxes with a line each.
 */
export function CheckboxGroup({
  id,
  name,
  legend,
  count,
  hint,
  error,
  required,
  options,
  ticked,
  onToggle,
  empty,
  className,
}: {
  id: string;
  name: string;
  legend: string;
  /** The legend's note of how many are ticked, e.g. "3 chosen". */
  count: (ticked: number) => string;
  hint?: string;
  error?: string;
  required?: boolean;
  options: CheckboxOption[];
  ticked: ReadonlySet<string>;
  onToggle: (value: string, on: boolean) => void;
  /** Shown instead of the boxes when there are none. */
  empty?: ReactNode;
  className?: string;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

  return (
    <fieldset aria-describedby={describedBy}>
      <legend className="text-sm font-medium text-slate-700">
        {legend}
        {required && (
          <span aria-hidden className="text-red-600">
            {" "}
            *
          </span>
        )}{" "}
        <span className="font-normal text-slate-500">({count(ticked.size)})</span>
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-600">
          {error}
        </p>
      )}
      {options.length === 0 && empty ? (
        <p className="mt-3 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className={cn("mt-3 grid gap-1 rounded-md border p-2 sm:grid-cols-2", error ? "border-red-500" : "border-slate-200", className)}>
          {options.map((option) => {
            const checked = ticked.has(option.value);
            const boxId = `${id}-${option.value.replace(/[^A-Za-z0-9_-]/g, "-")}`;
            const hintText = typeof option.hint === "function" ? option.hint(checked) : option.hint;
            return (
              <li key={option.value}>
                <label htmlFor={boxId} className="flex items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
                  <input
                    id={boxId}
                    type="checkbox"
                    name={name}
                    value={option.value}
                    checked={checked}
                    onChange={(event) => onToggle(option.value, event.target.checked)}
                    aria-describedby={hintText ? `${boxId}-hint` : undefined}
                    aria-invalid={error ? true : undefined}
                    className="mt-0.5 size-4 shrink-0 rounded border-slate-300"
                  />
                  <span className="min-w-0">
                    {option.label}
                    {hintText && (
                      <span id={`${boxId}-hint`} className="block text-xs text-slate-600">
                        {hintText}
                      </span>
                    )}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
