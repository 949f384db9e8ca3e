import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { BackLink } from "@/components/ui/back-link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listPipelines } from "@/lib/sales/pipelines";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pipelines"))("title") };
}

const outcomeTone = { open: "slate", won: "green", lost: "red" } as const;

export default async function PipelinesPage() {
  const actor = await requirePermission("pipelines.manage");
  const [t, pipelines] = await Promise.all([getTranslations("pipelines"), listPipelines(actor)]);
  return (
    <>
      <BackLink href="/sales/forecast">{t("back")}</BackLink>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          <Link href="/sales/pipelines/new" className={buttonClass()}>
            <Plus className="size-4" aria-hidden />
            {t("new")}
          </Link>
        }
      />
      <ul className="space-y-3">
        {pipelines.map((pipeline) => (
          <li key={pipeline.id}>
            <Card className="p-4 sm:p-5">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                  {pipeline.name}
                  {pipeline.isDefault && <Badge tone="brand">{t("default")}</Badge>}
                </h2>
                <Link href={`/sales/pipelines/${pipeline.id}`} className="text-sm text-brand-700 hover:underline" aria-label={t("editNamed", { name: pipeline.name })}>
                  {t("edit")}
                </Link>
              </div>
              <ol aria-label={t("stages.of", { name: pipeline.name })} className="mt-3 flex flex-wrap gap-2 text-sm">
                {pipeline.stages.map((stage) => (
                  <li key={stage.id} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1">
                    <span className="text-slate-800">{stage.name}</span>
                    <span className="tabular-nums text-slate-500">{t("stages.percent", { probability: stage.probability })}</span>
                    {stage.outcome !== "open" && <Badge tone={outcomeTone[stage.outcome]}>{t(`outcomes.${stage.outcome}`)}</Badge>}
                  </li>
                ))}
              </ol>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
