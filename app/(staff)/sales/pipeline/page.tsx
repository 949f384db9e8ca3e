import { List, Plus } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Board } from "@/components/sales/board";
import { buttonClass } from "@/components/ui/button";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { boardParamsSchema, closedOnBoardDays, getBoard } from "@/lib/sales/deals";
import { listPipelines } from "@/lib/sales/pipelines";
import { formatDealNumber } from "@/lib/sales/rules";
import { getSetting } from "@/lib/settings/queries";
import { hrefWith } from "@/lib/url";
import { moveDealAction } from "../deals/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("board"))("title") };
}

const defaults = boardParamsSchema.parse({});

export default async function PipelinePage({ searchParams }: PageProps<"/sales/pipeline">) {
  const actor = await requirePermission("deals.read");
  const params = boardParamsSchema.parse(await searchParams);
  const [t, board, pipelines, organisation] = await Promise.all([getTranslations("board"), getBoard(actor, params), listPipelines(actor), getSetting("organisation")]);
  const href = (patch: Record<string, string | undefined>) => hrefWith("/sales/pipeline", params, patch, defaults) as Route;
  const cards = board.columns.flatMap((column) =>
    column.deals.map((deal) => ({
      id: deal.id,
      label: formatDealNumber(deal.number),
      title: deal.title,
      amount: deal.amount,
      currency: deal.currency,
      ownProbability: deal.ownProbability,
      expectedCloseOn: deal.expectedCloseOn,
      ownerName: deal.ownerName,
      customerName: deal.customerName,
      canEdit: deal.canEdit,
      stageId: deal.stageId,
    })),
  );
  const stages = board.pipeline.stages.map(({ id, name, probability, outcome }) => ({ id, name, probability, outcome }));

  return (
    <>
      <LiveRefresh types={["deal.created", "deal.moved", "deal.updated"]} />
      <PageHeader
        title={board.pipeline.name}
        description={t("description", { days: closedOnBoardDays })}
        actions={
          <>
            <Link href="/sales/deals" className={buttonClass("secondary")}>
              <List className="size-4" aria-hidden />
              {t("list")}
            </Link>
            {can(actor, "deals.write") && (
              <Link href={`/sales/deals/new?pipelineId=${board.pipeline.id}` as Route} className={buttonClass()}>
                <Plus className="size-4" aria-hidden />
                {t("newDeal")}
              </Link>
            )}
          </>
        }
      />
      <div className="flex flex-wrap gap-x-6">
        {pipelines.length > 1 && (
          <FilterChips
            label={t("pipelines")}
            items={pipelines.map((pipeline) => ({ href: href({ pipeline: pipeline.id }), label: pipeline.name, current: pipeline.id === board.pipeline.id }))}
          />
        )}
        <FilterChips
          label={t("owner")}
          items={[
            { href: href({ owner: undefined }), label: t("everyone"), current: !params.owner },
            { href: href({ owner: "me" }), label: t("mine"), current: params.owner === "me" },
          ]}
        />
      </div>
      <Board stages={stages} cards={cards} currency={organisation.currency} moveAction={moveDealAction} />
    </>
  );
}
