import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { PipelineForm } from "@/components/sales/pipeline-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getPipeline } from "@/lib/sales/pipelines";
import { updatePipelineAction } from "../actions";
import { foundOrNotFound } from "@/lib/http/not-found";

/** The pipeline of the URL, or the not-found page; once per request (the page and its title share it). */
const loadPipeline = cache((actor: Actor, pipelineId: string) => foundOrNotFound(getPipeline(actor, pipelineId)));

export async function generateMetadata(props: PageProps<"/sales/pipelines/[pipelineId]">): Promise<Metadata> {
  const actor = await requirePermission("pipelines.manage");
  const [t, pipeline] = await Promise.all([getTranslations("pipelines"), loadPipeline(actor, (await props.params).pipelineId)]);
  return { title: t("editTitle", { name: pipeline.name }) };
}

export default async function EditPipelinePage(props: PageProps<"/sales/pipelines/[pipelineId]">) {
  const actor = await requirePermission("pipelines.manage");
  const [t, pipeline] = await Promise.all([getTranslations("pipelines"), loadPipeline(actor, (await props.params).pipelineId)]);
  return (
    <>
      <BackLink href="/sales/pipelines">{t("title")}</BackLink>
      <PageHeader title={t("editTitle", { name: pipeline.name })} description={t("editIntro")} />
      <Card className="p-5 sm:p-6">
        <PipelineForm
          action={updatePipelineAction}
          id={pipeline.id}
          cancelHref="/sales/pipelines"
          initial={{
            name: pipeline.name,
            isDefault: pipeline.isDefault,
            stages: pipeline.stages.map((stage) => ({ id: stage.id, name: stage.name, probability: String(stage.probability), outcome: stage.outcome })),
          }}
        />
      </Card>
    </>
  );
}
