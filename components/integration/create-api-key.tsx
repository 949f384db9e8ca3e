"use client";

import { KeyRound, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxGroup, useTicked } from "@/components/ui/checkbox-group";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import type { ActionState, FormAction } from "@/lib/http/action-state";
import type { PublicApiKey } from "@/lib/integration/api-keys";
import { scopeDescriptions, scopes } from "@/lib/integration/scopes";
import { CodeBlock, type CopyLabels } from "./code-block";
import { CopyButton } from "./copy-button";

type Created = { apiKey: PublicApiKey; secret: string };

/**
 * The form that creates an API key, and the new key's secret after it: shown in full this once,
 * with a copy button and a ready `curl` call, until the admin says they have stored it.
 */
export function CreateApiKey({ action, apiBase }: { action: FormAction<Created>; /** `…/api/v1`, without a trailing slash. */ apiBase: string }) {
  const t = useTranslations("apiKeys");
  const [state, formAction, pending] = useActionState(action, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok ? state.data : null;

  return (
    <div className="space-y-4">
      {created && created.apiKey.id !== dismissed && <NewKey created={created} apiBase={apiBase} onDone={() => setDismissed(created.apiKey.id)} />}
      <Card className="p-5 sm:p-6" aria-labelledby="api-key-create-title">
        <h2 id="api-key-create-title" className="text-lg font-semibold text-slate-900">
          {t("create.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("create.intro")}</p>
        {/* A new form after each key, so that nothing of the last one stays ticked. */}
        <KeyForm key={created?.apiKey.id ?? "new"} state={state} formAction={formAction} pending={pending} />
      </Card>
    </div>
  );
}

function KeyForm({ state, formAction, pending }: { state: ActionState<Created>; formAction: (formData: FormData) => void; pending: boolean }) {
  const t = useTranslations("apiKeys");
  const tAll = useTranslations();
  const errors = useFormErrors(state);
  const [ticked, toggle] = useTicked();
  const scopeError = errors.field("scopes");

  return (
    <form action={formAction} noValidate className="mt-5 space-y-6" key={JSON.stringify(state && !state.ok ? state : null)}>
      <FormAlert>{errors.form}</FormAlert>
      <div className="grid gap-5 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Field id="api-key-name" label={t("fields.name")} hint={t("fields.nameHint")} error={errors.field("name")} required>
          {(control) => <input {...control} name="name" autoComplete="off" maxLength={80} defaultValue={errors.value("name") ?? ""} className={controlClass(Boolean(errors.field("name")))} />}
        </Field>
        <Field id="api-key-rate" label={t("fields.rateLimit")} hint={t("fields.rateLimitHint")} error={errors.field("rateLimitPerMinute")} required>
          {(control) => (
            <input
              {...control}
              name="rateLimitPerMinute"
              type="number"
              inputMode="numeric"
              min={1}
              max={100000}
              step={1}
              defaultValue={errors.value("rateLimitPerMinute") ?? "600"}
              className={controlClass(Boolean(errors.field("rateLimitPerMinute")))}
            />
          )}
        </Field>
      </div>
      <CheckboxGroup
        id="api-key-scope"
        name="scopes"
        legend={t("fields.scopes")}
        count={(count) => t("fields.scopeCount", { count })}
        hint={t("fields.scopesHint")}
        error={scopeError}
        required
        ticked={ticked}
        onToggle={toggle}
        options={scopes.map((scope) => ({
          value: scope,
          label: <span className="font-mono text-xs font-semibold text-slate-800">{scope}</span>,
          hint: tAll(scopeDescriptions[scope]),
        }))}
      />
      <Button type="submit" disabled={pending}>
        <KeyRound className="size-4" aria-hidden />
        {pending ? t("create.creating") : t("create.submit")}
      </Button>
    </form>
  );
}

/** The new key, in full, this once. Takes the focus, so that a screen reader reads it first. */
function NewKey({ created, apiBase, onDone }: { created: Created; apiBase: string; onDone: () => void }) {
  const t = useTranslations("apiKeys.created");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const copyLabels: CopyLabels = { copy: t("copy"), copied: t("copied"), failed: t("copyFailed") };
  const curl = `curl "${apiBase}/customers?limit=5" \\\n  -H "Authorization: Bearer ${created.secret}"`;

  return (
    <section aria-labelledby="api-key-new-title" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-5 shadow-sm sm:p-6">
      <h2 id="api-key-new-title" ref={heading} tabIndex={-1} className="flex items-center gap-2 text-lg font-semibold text-amber-950 focus:outline-none">
        <TriangleAlert className="size-5 shrink-0 text-amber-700" aria-hidden />
        {t("title", { name: created.apiKey.name })}
      </h2>
      <p className="mt-2 text-sm font-medium text-amber-950">{t("warning")}</p>
      <div className="mt-4 space-y-1">
        <label htmlFor="api-key-secret" className="block text-sm font-medium text-slate-800">
          {t("secret")}
        </label>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <input
            id="api-key-secret"
            readOnly
            value={created.secret}
            onFocus={(event) => event.currentTarget.select()}
            spellCheck={false}
            className="block w-full min-w-0 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
          />
          <CopyButton text={created.secret} label={t("copy")} copiedLabel={t("copied")} failedLabel={t("copyFailed")} className="min-h-10 self-start sm:self-auto" />
        </div>
      </div>
      <div className="mt-4 space-y-2">
        <p className="text-sm text-slate-800">{t("tryIt")}</p>
        <CodeBlock code={curl} label={t("curlLabel")} copyLabels={copyLabels} />
        {!created.apiKey.scopes.includes("customers:read") && <p className="text-xs text-amber-900">{t("curlNeedsScope")}</p>}
      </div>
      <Button variant="secondary" className="mt-5" onClick={onDone}>
        {t("done")}
      </Button>
    </section>
  );
}
