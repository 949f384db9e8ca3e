import type { Metadata, Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DeleteSegmentButton } from "@/components/customers/delete-segment-button";
import { EmptyState } from "@/components/ui/empty-state";
import { BackLink } from "@/components/ui/back-link";
import { Table, Th } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { rfmRanges, rfmSegmentKeys, type RfmSegment } from "@/lib/customers/rfm";
import { activeFilters } from "@/lib/customers/schemas";
import { listSegments } from "@/lib/customers/segments";
import { hrefWith } from "@/lib/url";
import { deleteSegmentAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers.segments"))("title") };
}

export default async function SegmentsPage() {
  const actor = await requirePermission("customers.read");
  const [t, tf, tr, segments] = await Promise.all([getTranslations("customers.segments"), getTranslations("customers.filters"), getTranslations("customers.rfm"), listSegments(actor)]);
  // An RFM filter reads as its segment's name, or as the cell's scores.
  const rfmLabel = (value: string) => {
    if (rfmSegmentKeys.includes(value as RfmSegment)) return tr(`${value as RfmSegment}.name`);
    const cell = rfmRanges(value);
    return cell ? tf("rfmCell", { recency: cell.recency[0], frequency: cell.frequency[0] }) : value;
  };
  return (
    <>
      <BackLink href="/customers">{(await getTranslations("customers"))("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      {segments.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <Table
          head={
            <>
              <Th>{t("name")}</Th>
              <Th>{t("size")}</Th>
              <Th className="hidden md:table-cell">{t("filters")}</Th>
              <Th><span className="sr-only">{t("actions")}</span></Th>
            </>
          }
        >
          {segments.map((segment) => {
            const filters = activeFilters(segment.filter);
            return (
              <tr key={segment.id}>
                <td className="px-4 py-3">
                  <Link href={hrefWith("/customers", filters, { segment: segment.id }) as Route} className="font-medium text-brand-700 hover:underline">
                    {segment.name}
                  </Link>
                </td>
                <td className="px-4 py-3 tabular-nums">{segment.size}</td>
                <td className="hidden px-4 py-3 text-slate-600 md:table-cell">
                  {Object.entries(filters)
                    .map(([key, value]) => `${tf.has(key) ? tf(key) : key}: ${key === "rfm" ? rfmLabel(String(value)) : value}`)
                    .join(" · ")}
                </td>
                <td className="px-4 py-3">
                  <div className="flex justify-end gap-3">
                    {can(actor, "customers.export") && (
                      <a href={`/customers/export?segment=${segment.id}`} className="text-brand-700 hover:underline" download>
                        {t("export")}
                      </a>
                    )}
                    {can(actor, "segments.write") && <DeleteSegmentButton action={deleteSegmentAction} id={segment.id} name={segment.name} />}
                  </div>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
