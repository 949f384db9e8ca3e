"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

export const stageOutcomeOptions = ["open", "won", "lost"] as const;
export type StageOutcomeOption = (typeof stageOutcomeOptions)[number];

/** A stage as the form edits it; `id` is empty for a stage not saved yet. */
export type StageFormValues = { id: string; name: string; probability: string; outcome: StageOutcomeOption };

type Row = StageFormValues & { key: string };

/** Where focus goes after a stage moves or goes, so the keyboard user stays in place. */
type FocusTarget = { key: string; control: "up" | "down" | "name" } | { control: "add" };

let counter = 0;
const newKey = () => `stage-${++counter}`;

/**
 * Creates a pipeline, or edits one when `id` is given: its name, whether it is the default, and
 * its ordered stages (name, win probability, outcome), which can be added, removed and moved. Each
 * stage keeps its id when moved or renamed, so the deals in it stay where they are.
 */
export function PipelineForm<T>({
  action,
  id,
  initial,
  cancelHref,
}: {
  action: FormAction<T>;
  id?: string;
  initial: { name: string; isDefault: boolean; stages: StageFormValues[] };
  cancelHref: string;
}) {
  const t = useTranslations("pipelines");
  const tAll = useTranslations();
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  const [rows, setRows] = useState<Row[]>(() => initial.stages.map((stage) => ({ ...stage, key: newKey() })));
  const focusNext = useRef<FocusTarget | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const prefix = id ? `pipeline-${id}` : "pipeline-new";

  useEffect(() => {
    const target = focusNext.current;
    const root = form.current;
    focusNext.current = null;
    if (!target || !root) return;
    if (target.control === "add") {
      root.querySelector<HTMLElement>("[data-add-stage]")?.focus();
      return;
    }
    const find = (control: string) => root.querySelector<HTMLInputElement | HTMLButtonElement>(`[data-stage="${target.key}"][data-control="${control}"]`);
    const wanted = find(target.control);
    // A stage moved to the top or the bottom loses the button it was moved with; the other one takes focus.
    const other = target.control === "up" ? find("down") : target.control === "down" ? find("up") : null;
    (wanted && !wanted.disabled ? wanted : (other ?? find("name")))?.focus();
  }, [rows]);

  const change = (key: string, patch: Partial<StageFormValues>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) => {
    const row = rows[index]!;
    setRows((current) => {
      const next = [...current];
      next.splice(index, 1);
      next.splice(index + by, 0, row);
      return next;
    });
    focusNext.current = { key: row.key, control: by === -1 ? "up" : "down" };
  };
  const remove = (index: number) => {
    const neighbour = rows[index + 1] ?? rows[index - 1];
    setRows((current) => current.filter((_, position) => position !== index));
    focusNext.current = neighbour ? { key: neighbour.key, control: "name" } : { control: "add" };
  };
  const add = () => {
    const row: Row = { id: "", name: "", probability: "50", outcome: "open", key: newKey() };
    // New stages go before the first closed one, where open stages usually belong.
    const at = rows.findIndex((candidate) => candidate.outcome !== "open");
    setRows((current) => (at === -1 ? [...current, row] : [...current.slice(0, at), row, ...current.slice(at)]));
    focusNext.current = { key: row.key, control: "name" };
  };

  const stagesError = errors.field("stages");
  // The stage list can be wrong in more than one way at once (no won and no lost stage): say each.
  const stagesErrors = [...new Set(state && !state.ok ? (state.fieldErrors?.stages ?? []) : [])].map((key) => (tAll.has(key) ? tAll(key) : tAll("validation.invalid")));
  return (
    <form ref={form} action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {id && <input type="hidden" name="id" value={id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id={`${prefix}-name`} label={t("fields.name")} error={errors.field("name")} required>
          {(control) => <input {...control} name="name" autoComplete="off" maxLength={60} defaultValue={errors.value("name") ?? initial.name} className={controlClass(Boolean(errors.field("name")))} />}
        </Field>
        <div className="sm:pt-7">
          {initial.isDefault ? (
            <div className="space-y-1">
              <label htmlFor={`${prefix}-default`} className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input id={`${prefix}-default`} type="checkbox" defaultChecked disabled aria-describedby={`${prefix}-default-hint`} className="size-4 rounded border-slate-300" />
                {t("fields.isDefault")}
              </label>
              <p id={`${prefix}-default-hint`} className="text-xs text-slate-500">
                {t("fields.isDefaultKept")}
              </p>
            </div>
          ) : (
            <CheckboxField
              id={`${prefix}-default`}
              name="isDefault"
              label={t("fields.isDefault")}
              hint={t("fields.isDefaultHint")}
              defaultChecked={state && !state.ok ? errors.value("isDefault") === "on" : false}
            />
          )}
        </div>
      </div>

      <fieldset aria-describedby={[`${prefix}-stages-hint`, stagesError && `${prefix}-stages-error`].filter(Boolean).join(" ")}>
        <legend className="text-base font-semibold text-slate-900">{t("stages.title")}</legend>
        <p id={`${prefix}-stages-hint`} className="mt-1 text-sm text-slate-600">
          {t("stages.hint")}
        </p>
        {stagesError && (
          <p id={`${prefix}-stages-error`} role="alert" className="mt-2 text-sm text-red-600">
            {stagesErrors.join(" ")}
          </p>
        )}
        <ol className="mt-4 space-y-3">
          {rows.map((row, index) => {
            const field = (name: "name" | "probability" | "outcome") => errors.field(`stages.${index}.${name}`);
            const stageLabel = row.name.trim() || t("stages.unnamed", { position: index + 1 });
            const rowId = `${prefix}-stage-${row.key}`;
            return (
              <li key={row.key} className={cn("rounded-lg border bg-white p-3 sm:p-4", field("name") || field("probability") || field("outcome") ? "border-red-300" : "border-slate-200")}>
                <input type="hidden" name={`stages.${index}.id`} value={row.id} />
                <div className="flex flex-wrap items-start gap-3">
                  <span className="mt-8 w-6 shrink-0 text-sm tabular-nums text-slate-500" aria-hidden>
                    {index + 1}.
                  </span>
                  <div className="min-w-40 flex-1">
                    <Field id={`${rowId}-name`} label={t("stages.name")} error={field("name")} required>
                      {(control) => (
                        <input
                          {...control}
                          data-stage={row.key}
                          data-control="name"
                          name={`stages.${index}.name`}
                          value={row.name}
                          onChange={(event) => change(row.key, { name: event.target.value })}
                          autoComplete="off"
                          maxLength={60}
                          className={controlClass(Boolean(field("name")))}
                        />
                      )}
                    </Field>
                  </div>
                  <div className="w-28">
                    <Field id={`${rowId}-probability`} label={t("stages.probability")} error={field("probability")} required>
                      {(control) => (
                        <input
                          {...control}
                          name={`stages.${index}.probability`}
                          value={row.probability}
                          onChange={(event) => change(row.key, { probability: event.target.value })}
                          inputMode="numeric"
                          autoComplete="off"
                          className={controlClass(Boolean(field("probability")), "tabular-nums")}
                        />
                      )}
                    </Field>
                  </div>
                  <div className="w-32">
                    <Field id={`${rowId}-outcome`} label={t("stages.outcome")} error={field("outcome")} required>
                      {(control) => (
                        <select
                          {...control}
                          name={`stages.${index}.outcome`}
                          value={row.outcome}
                          onChange={(event) => change(row.key, { outcome: event.target.value as StageOutcomeOption })}
                          className={controlClass(Boolean(field("outcome")))}
                        >
                          {stageOutcomeOptions.map((outcome) => (
                            <option key={outcome} value={outcome}>
                              {t(`outcomes.${outcome}`)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </div>
                  <div className="flex gap-1 sm:mt-6">
                    <Button
                      variant="ghost"
                      className="px-2.5 disabled:opacity-30"
                      data-stage={row.key}
                      data-control="up"
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                      aria-label={t("stages.moveUp", { name: stageLabel })}
                    >
                      <ArrowUp className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      className="px-2.5 disabled:opacity-30"
                      data-stage={row.key}
                      data-control="down"
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                      aria-label={t("stages.moveDown", { name: stageLabel })}
                    >
                      <ArrowDown className="size-4" aria-hidden />
                    </Button>
                    <Button variant="ghost" className="px-2.5 text-red-700" onClick={() => remove(index)} aria-label={t("stages.remove", { name: stageLabel })}>
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        <Button variant="secondary" className="mt-3" data-add-stage onClick={add}>
          <Plus className="size-4" aria-hidden />
          {t("stages.add")}
        </Button>
        <p className="sr-only" aria-live="polite">
          {t("stages.count", { count: rows.length })}
        </p>
      </fieldset>

      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : id ? t("save") : t("create")}
        </Button>
        <Link href={cancelHref as Route} className={buttonClass("secondary")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
