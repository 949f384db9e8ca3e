import type { AuditEntry } from "@/db/schema";

const show = (value: unknown) => (value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/** The changed fields of one audit entry, with before and after behind a disclosure. */
export function AuditChanges({
  changes,
  summary,
  fieldLabel,
}: {
  changes: AuditEntry["changes"];
  summary: string;
  fieldLabel: (field: string) => string;
}) {
  const fields = Object.entries(changes);
  if (fields.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm text-brand-700 hover:underline">{summary}</summary>
      <table className="mt-2 text-xs">
        <tbody>
          {fields.map(([field, { before, after }]) => (
            <tr key={field} className="align-top">
              <th scope="row" className="py-0.5 pr-3 text-left font-medium text-slate-600">
                {fieldLabel(field)}
              </th>
              <td className="py-0.5 pr-2 break-all text-red-700 line-through decoration-red-300">{show(before)}</td>
              <td className="py-0.5 break-all text-green-800">{show(after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
