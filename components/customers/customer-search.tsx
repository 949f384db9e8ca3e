"use client";

import { Search } from "lucide-react";
import type { Route } from "next";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { controlClass } from "@/components/ui/field";

/** Searches as the user types (debounced), keeping the query in the URL; `/` focuses it. */
export function CustomerSearch({ label, placeholder }: { label: string; placeholder: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlQuery = searchParams.get("q") ?? "";
  const [value, setValue] = useState(urlQuery);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  // The query this box last put in the URL: a different one came from elsewhere (Back, a link).
  const [pushed, setPushed] = useState(urlQuery);
  if (urlQuery !== pushed) {
    setPushed(urlQuery);
    setValue(urlQuery);
  }

  useEffect(() => {
    const q = value.trim();
    if (q === urlQuery) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(searchParams);
      if (q) next.set("q", q);
      else next.delete("q");
      next.delete("page");
      const query = next.toString();
      setPushed(q);
      startTransition(() => router.replace((query ? `${pathname}?${query}` : pathname) as Route, { scroll: false }));
    }, 250);
    return () => clearTimeout(timer);
  }, [value, urlQuery, pathname, router, searchParams]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="relative w-full sm:max-w-sm">
      <label htmlFor="customer-search" className="sr-only">
        {label}
      </label>
      <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
      <input
        ref={input}
        id="customer-search"
        type="search"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        placeholder={placeholder}
        aria-busy={pending}
        className={controlClass(false, "pl-9")}
      />
    </div>
  );
}
