"use client";

import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { CustomerPicker, type ChosenCustomer, type CustomerOption } from "@/components/customers/customer-picker";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button, buttonClass } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { FormAction } from "@/lib/http/action-state";

type Option = { value: string; label: string };

export type DealFormValues = {
  id?: string;
  title: string;
  amount: string;
  expectedCloseOn: string;
  probability: string;
  ownerId: string;
  source: string;
  nextStep: string;
};

export type DealFormPipeline = { id: string; name: string; stages: { id: string; name: string; probability: number }[] };

/**
 * The deal form. A new deal (`create` given) also chooses its customer, pipeline and open stage;
 * an existing one changes stage through the move control on its page instead.
 */
export function DealForm<T>({
  action,
  initial,
  currency,
  sources,
  owners,
  create,
  stageProbability = 0,
  cancelHref,
  submitLabel,
}: {
  action: FormAction<T>;
  initial: DealFormValues;
  currency: string;
  sources: Option[];
  /** Who may own the deal; none when the user may not give deals to others. */
  owners: Option[] | null;
  create?: {
    customer: ChosenCustomer | null;
    searchCustomers: (q: string) => Promise<CustomerOption[]>;
    /** Open stages only, the default pipeline first. */
    pipelines: DealFormPipeline[];
  };
  /** The deal's stage's default probability, when editing. */
  stageProbability?: number;
  cancelHref: string;
  submitLabel: string;
}) {
  const t = useTranslations("deals");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = useFormErrors(state);
  type Name = Exclude<keyof DealFormValues, "id">;
  const value = (name: Name) => errors.value(name) ?? initial[name] ?? "";

  // Kept outside the form, so a refused submission (which re-mounts the form) keeps them.
  const [customer, setCustomer] = useState<ChosenCustomer | null>(create?.customer ?? null);
  const [pipelineId, setPipelineId] = useState(create?.pipelines[0]?.id ?? "");
  const [stageId, setStageId] = useState("");
  const pipeline = create?.pipelines.find((candidate) => candidate.id === pipelineId);
  const stage = pipeline && (pipeline.stages.find((candidate) => candidate.id === stageId) ?? pipeline.stages[0]);
  const defaultPercent = create ? (stage?.probability ?? 0) : stageProbability;

  const text = (name: Name, props: { type?: string; hint?: string; required?: boolean; inputMode?: "decimal" | "numeric" | "text"; maxLength?: number } = {}) => (
    <Field id={`deal-${name}`} label={t(`fields.${name}`)} hint={props.hint} error={errors.field(name)} required={props.required}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          autoComplete="off"
          defaultValue={value(name)}
          className={controlClass(Boolean(errors.field(name)))}
        />
      )}
    </Field>
  );

  const select = (name: "ownerId" | "source", choices: Option[], empty?: string, hint?: string) => (
    <Field id={`deal-${name}`} label={t(`fields.${name}`)} hint={hint} error={errors.field(name)}>
      {(control) => (
        <select {...control} name={name} defaultValue={value(name)} className={controlClass(Boolean(errors.field(name)))}>
          {empty !== undefined && <option value="">{empty}</option>}
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  // A new key after each submission re-applies the values the server sent back.
  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <FormAlert>{errors.form}</FormAlert>
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        {create && (
          <div className="sm:col-span-2">
            <CustomerPicker id="deal-customer" value={customer} onChange={setCustomer} search={create.searchCustomers} error={errors.field("customerId")} />
          </div>
        )}
        <div className="sm:col-span-2">{text("title", { required: true, maxLength: 160 })}</div>
        {text("amount", { required: true, inputMode: "decimal", hint: t("hints.amount", { currency }) })}
        {text("expectedCloseOn", { type: "date" })}
        {text("probability", { type: "number", inputMode: "numeric", hint: t("hints.probability", { percent: defaultPercent }) })}
        {select("source", sources, t("sourceNone"))}
        {owners && select("ownerId", owners, undefined, t("hints.owner"))}
        <div className="sm:col-span-2">{text("nextStep", { maxLength: 200 })}</div>
        {create && create.pipelines.length > 1 && (
          <Field id="deal-pipelineId" label={t("fields.pipeline")} error={errors.field("pipelineId")}>
            {(control) => (
              <select
                {...control}
                name="pipelineId"
                value={pipelineId}
                onChange={(event) => {
                  setPipelineId(event.target.value);
                  setStageId("");
                }}
                className={controlClass(Boolean(errors.field("pipelineId")))}
              >
                {create.pipelines.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {create && pipeline && (
          <Field id="deal-stageId" label={t("fields.stage")} hint={t("hints.stage")} error={errors.field("stageId")}>
            {(control) => (
              <select {...control} name="stageId" value={stageId} onChange={(event) => setStageId(event.target.value)} className={controlClass(Boolean(errors.field("stageId")))}>
                <option value="">{t("firstOpenStage", { stage: pipeline.stages[0]?.name ?? "" })}</option>
                {pipeline.stages.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : submitLabel}
        </Button>
        <Link href={cancelHref as Route} className={buttonClass("ghost")}>
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
