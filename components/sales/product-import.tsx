"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { controlClass, Field, FormAlert } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionState, FormAction } from "@/lib/http/action-state";
import { toMajorUnits } from "@/lib/money";
import type { ImportProblem, ProductImportPreview, ProductImportResult } from "@/lib/sales/products";

type Outcome =
  | { kind: "checked"; preview: ProductImportPreview; text: string }
  | { kind: "imported"; result: ProductImportResult }
  | { kind: "failed"; state: ActionState };

const example = "sku,name,category,price,active\nTEA-001,Jasmine tea 250 g,Tea,128.00,yes\nCUP-12,\"Cup, celadon\",Teaware,45,no";

const productFields = new Set(["sku", "name", "category", "price", "active"]);

/** `lines.5.price` (how a refused import names a problem) as a problem of the preview's shape. */
function problemsOf(fieldErrors: Record<string, string[]> | undefined): ImportProblem[] {
  return Object.entries(fieldErrors ?? {}).flatMap(([key, messages]) => {
    const match = /^lines\.(\d+)\.(.*)$/.exec(key);
    return match ? messages.map((message) => ({ line: Number(match[1]), field: match[2]!, message })) : [];
  });
}

/**
 * CSV text (typed, pasted or read from a file) → Check shows what the import would do and every
 * problem → Import, possible only for the very text that was checked and found clean.
 */
export function ProductImport({
  checkAction,
  importAction,
  currency,
}: {
  checkAction: FormAction<ProductImportPreview>;
  importAction: FormAction<ProductImportResult>;
  currency: string;
}) {
  const t = useTranslations("products.import");
  const tProducts = useTranslations("products");
  const tAll = useTranslations();
  const format = useFormatter();
  const [text, setText] = useState("");
  const [outcome, dispatch, pending] = useActionState(async (_previous: Outcome | null, formData: FormData): Promise<Outcome | null> => {
    const csv = String(formData.get("csv") ?? "");
    if (formData.get("intent") === "import") {
      const state = await importAction(null, formData);
      return state?.ok ? { kind: "imported", result: state.data } : { kind: "failed", state };
    }
    const state = await checkAction(null, formData);
    return state?.ok ? { kind: "checked", preview: state.data, text: csv } : { kind: "failed", state };
  }, null);
  // Which button started the pending submission, for its label (the form data carries the intent).
  const [intent, setIntent] = useState<"check" | "import">("check");
  const errors = useFormErrors(outcome?.kind === "failed" ? outcome.state : null);

  const preview = outcome?.kind === "checked" ? outcome.preview : null;
  const stale = outcome?.kind === "checked" && outcome.text !== text;
  const importable = preview !== null && !stale && preview.errorCount === 0 && preview.valid > 0;
  const refused = outcome?.kind === "failed" ? problemsOf(outcome.state && !outcome.state.ok ? outcome.state.fieldErrors : undefined) : [];
  const say = (key: string) => (tAll.has(key) ? tAll(key) : tAll("validation.invalid"));
  const column = (field: string) => (productFields.has(field) ? tProducts(`fields.${field}`) : `“${field}”`);
  const money = (minor: number, code: string) => format.number(toMajorUnits(minor, code), { style: "currency", currency: code });

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const problemTable = (problems: ImportProblem[]) => (
    <Table
      className="max-h-96 overflow-y-auto"
      head={
        <>
          <Th className="w-16">{t("line")}</Th>
          <Th className="w-28">{t("column")}</Th>
          <Th>{t("reason")}</Th>
        </>
      }
    >
      {problems.map((problem, index) => (
        <tr key={index}>
          <Td className="tabular-nums">{problem.line}</Td>
          <Td className="whitespace-nowrap">{column(problem.field)}</Td>
          <Td>{say(problem.message)}</Td>
        </tr>
      ))}
    </Table>
  );

  return (
    <div className="space-y-6">
      <form action={dispatch} className="space-y-4" aria-label={t("title")}>
        <FormAlert>{errors.form && !errors.field("csv") ? errors.form : undefined}</FormAlert>
        <details className="text-sm">
          <summary className="cursor-pointer text-brand-700">{t("example")}</summary>
          <pre className="mt-2 overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-700">{example}</pre>
        </details>
        <Field id="product-import-file" label={t("file")} hint={t("fileHint")}>
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(event) => void readFile(event.target.files?.[0])}
              className="block w-full text-sm"
            />
          )}
        </Field>
        <Field id="product-import-csv" label={t("csv")} hint={t("csvHint", { currency })} error={errors.field("csv")} required>
          {(control) => (
            <textarea
              {...control}
              name="csv"
              rows={10}
              wrap="off"
              value={text}
              onChange={(event) => setText(event.target.value)}
              spellCheck={false}
              className={controlClass(Boolean(errors.field("csv")), "font-mono text-xs")}
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" name="intent" value="check" variant="secondary" disabled={pending || text.trim() === ""} onClick={() => setIntent("check")}>
            {pending && intent === "check" ? t("checking") : t("check")}
          </Button>
          <Button type="submit" name="intent" value="import" disabled={pending || !importable} onClick={() => setIntent("import")}>
            {pending && intent === "import" ? t("importing") : t("run")}
          </Button>
          {stale && <p className="text-sm text-amber-800">{t("changed")}</p>}
        </div>
      </form>

      {outcome?.kind === "imported" && (
        <div role="status" className="space-y-2 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          <p>{t("done", outcome.result)}</p>
          <Link href="/sales/products" className="font-medium text-green-900 underline">
            {t("backToList")}
          </Link>
        </div>
      )}

      {refused.length > 0 && problemTable(refused)}

      {preview && (
        <section aria-live="polite" className="space-y-4">
          <div className="space-y-1 text-sm text-slate-700">
            <p>{t("summary", { rows: preview.rows, valid: preview.valid })}</p>
            {preview.errorCount === 0 ? (
              <p>
                {t("noProblems")} {t("plan", { create: preview.toCreate, update: preview.toUpdate })}
              </p>
            ) : (
              <p className="font-medium text-red-700">
                {t("problems", { count: preview.errorCount })}
                {preview.errorCount > preview.errors.length && ` ${t("moreProblems", { shown: preview.errors.length })}`}
              </p>
            )}
          </div>
          {preview.errors.length > 0 && problemTable(preview.errors)}
          {preview.sample.length > 0 && (
            <>
              <h2 className="text-base font-semibold text-slate-900">{t("sample")}</h2>
              <Table
                head={
                  <>
                    <Th className="w-16">{t("line")}</Th>
                    <Th>{tProducts("columns.sku")}</Th>
                    <Th>{tProducts("columns.name")}</Th>
                    <Th>{tProducts("columns.category")}</Th>
                    <Th className="text-right">{tProducts("columns.price")}</Th>
                    <Th>{tProducts("columns.status")}</Th>
                    <Th>{t("change")}</Th>
                  </>
                }
              >
                {preview.sample.map((row) => (
                  <tr key={row.line}>
                    <Td className="tabular-nums">{row.line}</Td>
                    <Td className="whitespace-nowrap font-mono text-xs">{row.sku}</Td>
                    <Td className="min-w-40">{row.name}</Td>
                    <Td>{row.category}</Td>
                    <Td className="whitespace-nowrap text-right tabular-nums">{money(row.price, row.currency)}</Td>
                    <Td className="whitespace-nowrap">{row.active ? tProducts("active") : tProducts("inactive")}</Td>
                    <Td>{row.exists ? <Badge tone="blue">{t("willUpdate")}</Badge> : <Badge tone="green">{t("willCreate")}</Badge>}</Td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </section>
      )}
    </div>
  );
}
