import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import { InlineCode } from "./inline-code";
import type { BodyShape, Constraint, FieldRow } from "./openapi-schema";

export type ListedField = Pick<FieldRow, "path" | "parent" | "name" | "depth" | "type" | "required" | "description" | "constraints"> & {
  /** Where a parameter goes: path, query or header. */
  location?: string;
};

const nesting = ["", "sm:pl-7", "sm:pl-11", "sm:pl-15"];

/**
 * Fields (or parameters) as a list that reads at any width: name and whether it is required on
 * the left, type, limits and description on the right; on a phone one below the other.
 */
export async function FieldList({ fields, label }: { fields: ListedField[]; label: string }) {
  const t = await getTranslations("apiDocs");
  const constraint = (item: Constraint) => {
    const key = `constraints.${item.kind}`;
    const text = t.has(key) ? t(key, { value: item.value }) : `${item.kind}: ${item.value}`;
    return item.each ? t("constraints.each", { value: text }) : text;
  };
  return (
    <ul aria-label={label} className="divide-y divide-slate-100 overflow-hidden rounded-md border border-slate-200">
      {fields.map((field) => (
        <li
          key={`${field.location ?? ""}${field.path}`}
          className={cn("px-3 py-2.5 sm:grid sm:grid-cols-[minmax(0,15rem)_minmax(0,1fr)] sm:gap-4", field.depth > 0 && "bg-slate-50/70", nesting[Math.min(field.depth, nesting.length - 1)])}
        >
          <div className="min-w-0">
            <p className="font-mono text-sm break-words">
              {field.parent && <span className="text-slate-400">{field.parent}</span>}
              <span className="font-semibold text-slate-900">{field.name}</span>
            </p>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs">
              {field.required ? <span className="font-medium text-red-700">{t("required")}</span> : <span className="text-slate-500">{t("optional")}</span>}
              {field.location && <span className="text-slate-500">{t("in", { location: t.has(`locations.${field.location}`) ? t(`locations.${field.location}`) : field.location })}</span>}
            </p>
          </div>
          <div className="mt-1 min-w-0 text-sm sm:mt-0">
            <code className="font-mono text-xs break-words text-brand-700">{field.type}</code>
            {field.constraints.length > 0 && (
              <ul className="mt-1 flex flex-wrap gap-1" aria-label={t("constraintsLabel")}>
                {field.constraints.map((item) => (
                  <li key={`${item.each ? "each-" : ""}${item.kind}`} className="max-w-full rounded bg-slate-100 px-1.5 py-0.5 text-xs break-words text-slate-700">
                    {constraint(item)}
                  </li>
                ))}
              </ul>
            )}
            {field.description && (
              <p className="mt-1 text-slate-600">
                <InlineCode text={field.description} />
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A request or response body: its fields, each shape of a union, or the one value it is. */
export async function BodyFields({ shape, label }: { shape: BodyShape; label: string }) {
  const t = await getTranslations("apiDocs");
  if (shape.kind === "fields") return shape.rows.length > 0 ? <FieldList fields={shape.rows} label={label} /> : <p className="text-sm text-slate-600">{t("noFields")}</p>;
  if (shape.kind === "variants") {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">{t("oneOf")}</p>
        {shape.variants.map((variant, index) => (
          <div key={index} className="space-y-1.5">
            <p className="text-sm font-medium text-slate-800">{t("variant", { label: variant.label })}</p>
            <FieldList fields={variant.rows} label={`${label}: ${variant.label}`} />
          </div>
        ))}
      </div>
    );
  }
  return (
    <p className="text-sm text-slate-700">
      <code className="font-mono text-xs text-brand-700">{shape.type}</code>
    </p>
  );
}
