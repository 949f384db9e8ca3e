"use client";

import { Search } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from "react";
import { cn } from "./cn";
import { controlClass, Field } from "./field";

export type SearchPickerLabels = {
  searching: string;
  /** Shown when a finished search found nothing. */
  none: string;
  /** Announced to screen readers when a search found matches. */
  found?: (count: number) => string;
};

/**
 * A search box that lists matches as the user types (debounced) and picks one: a combobox, so the
 * arrow keys move through the matches, Enter picks the highlighted one (the first by default) and
 * Escape closes the list. Enter never submits the surrounding form.
 */
export function SearchPicker<T extends { id: string }>({
  id,
  label,
  placeholder,
  hint,
  error,
  required,
  minLength = 1,
  search,
  renderOption,
  onPick,
  labels,
  inputRef,
}: {
  id: string;
  label: string;
  placeholder?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Fewer characters than this do not search. */
  minLength?: number;
  search: (q: string) => Promise<T[]>;
  renderOption: (option: T) => ReactNode;
  onPick: (option: T) => void;
  labels: SearchPickerLabels;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const listId = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<T[]>([]);
  const [searched, setSearched] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const latest = useRef(0);
  const text = query.trim();
  const loading = text.length >= minLength && searched !== text;

  useEffect(() => {
    if (text.length < minLength) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      search(text)
        .then((rows) => {
          // An answer to an older query that arrives late is dropped.
          if (request !== latest.current) return;
          setResults(rows);
          setSearched(text);
          setActive(0);
        })
        .catch(() => {
          if (request !== latest.current) return;
          setResults([]);
          setSearched(text);
        });
    }, 200);
    return () => clearTimeout(timer);
  }, [text, minLength, search]);

  const shown = text.length >= minLength && searched === text ? results : [];
  const expanded = open && text.length >= minLength;
  const status = text.length < minLength ? "" : loading ? labels.searching : shown.length === 0 ? labels.none : (labels.found?.(shown.length) ?? "");

  const pick = (option: T) => {
    onPick(option);
    setQuery("");
    setResults([]);
    setSearched("");
    setOpen(false);
  };

  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <div className="relative">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <input
            {...control}
            ref={inputRef}
            type="search"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && shown[active] ? `${listId}-${active}` : undefined}
            aria-busy={loading}
            value={query}
            placeholder={placeholder}
            onChange={(event) => {
              setQuery(event.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                setOpen(true);
                if (shown.length > 0) setActive((index) => (index + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length);
              } else if (event.key === "Enter") {
                event.preventDefault();
                const option = shown[active];
                if (expanded && option) pick(option);
              } else if (event.key === "Escape" && expanded) {
                event.preventDefault();
                setOpen(false);
              }
            }}
            className={controlClass(Boolean(error), "pl-9")}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={label}
            hidden={!expanded}
            className="absolute inset-x-0 top-full z-20 mt-1 max-h-72 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {shown.map((option, index) => (
              <li
                key={option.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                // Keeps the focus in the box, so that the list does not close before the click.
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => pick(option)}
                className={cn("cursor-pointer px-3 py-2", index === active ? "bg-brand-50" : "hover:bg-slate-50")}
              >
                {renderOption(option)}
              </li>
            ))}
            {shown.length === 0 && (
              <li role="presentation" className="px-3 py-2 text-slate-500">
                {loading ? labels.searching : labels.none}
              </li>
            )}
          </ul>
          {/* Outside the list, which is hidden while closed, so that the outcome is always announced. */}
          <p role="status" className="sr-only">
            {status}
          </p>
        </div>
      )}
    </Field>
  );
}
