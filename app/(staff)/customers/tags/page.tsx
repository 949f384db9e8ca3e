import type { Metadata, Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TagColorForm } from "@/components/customers/tag-color-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { BackLink } from "@/components/ui/back-link";
import { Table, Th } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";
import { tagColors } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listTags } from "@/lib/customers/tags";
import { hrefWith } from "@/lib/url";
import { setTagColorAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers.tags"))("title") };
}

export default async function TagsPage() {
  const actor = await requirePermission("customers.read");
  const [t, tags] = await Promise.all([getTranslations("customers.tags"), listTags(actor)]);
  const editable = can(actor, "tags.manage");
  return (
    <>
      <BackLink href="/customers">{(await getTranslations("customers"))("title")}</BackLink>
      <PageHeader title={t("title")} description={t("intro")} />
      {tags.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table
          head={
            <>
              <Th>{t("tag")}</Th>
              <Th>{t("customers")}</Th>
              <Th>{t("color")}</Th>
            </>
          }
        >
          {tags.map((tag) => (
            <tr key={tag.name}>
              <td className="px-4 py-3">
                <Badge tone={tag.color}>{tag.name}</Badge>
              </td>
              <td className="px-4 py-3 tabular-nums">
                <Link href={hrefWith("/customers", {}, { tag: tag.name }) as Route} className="text-brand-700 hover:underline">
                  {tag.count}
                </Link>
              </td>
              <td className="px-4 py-3">
                {editable ? <TagColorForm action={setTagColorAction} name={tag.name} color={tag.color} colors={tagColors} /> : t(`colors.${tag.color}`)}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
