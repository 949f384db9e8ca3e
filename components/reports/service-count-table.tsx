import type { Route } from "next";
import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";

type CountRow = { label: string; count: string; href: Route; drill: string };

/** Counts by a key (status, category), each count a link to the records behind it, with an optional total row. */
export function ServiceCountTable({
  caption,
  keyLabel,
  countLabel,
  rows,
  total,
}: {
  caption: string;
  keyLabel: string;
  countLabel: string;
  rows: (CountRow & { key: string })[];
  total?: CountRow;
}) {
  const link = (row: CountRow) => (
    <Link href={row.href} className="font-medium text-brand-700 hover:underline" aria-label={row.drill}>
      {row.count}
    </Link>
  );
  return (
    <div>
      <h3 className="mb-2 text-sm font-medium text-slate-700">{caption}</h3>
      <Table
        head={
          <>
            <Th>{keyLabel}</Th>
            <Th className="text-right">{countLabel}</Th>
          </>
        }
      >
        {rows.map((row) => (
          <tr key={row.key}>
            <Td>{row.label}</Td>
            <Td className="text-right tabular-nums">{link(row)}</Td>
          </tr>
        ))}
        {total && (
          <tr className="bg-slate-50">
            <Td className="font-medium">{total.label}</Td>
            <Td className="text-right tabular-nums">{link(total)}</Td>
          </tr>
        )}
      </Table>
    </div>
  );
}
