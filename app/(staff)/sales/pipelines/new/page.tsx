import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PipelineForm } from "@/components/sales/pipeline-form";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { createPipelineAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pipelines"))("newTitle") };
}

export default async function NewPipelinePage() {
  await requirePermission("pipelines.manage");
  const t = await getTranslations("pipelines");
  const stage = (name: string, probability: number, outcome: "open" | "won" | "lost") => ({ id: "", name, probability: String(probability), outcome });
  return (
    <>
      <BackLink href="/sales/pipelines">{t("title")}</BackLink>
      <PageHeader title={t("newTitle")} />
      <Card className="p-5 sm:p-6">
        <PipelineForm
          action={createPipelineAction}
          cancelHref="/sales/pipelines"
          initial={{
            name: "",
            isDefault: false,
            stages: [stage(t("starter.qualification"), 10, "open"), stage(t("starter.proposal"), 50, "open"), stage(t("starter.won"), 100, "won"), stage(t("starter.lost"), 0, "lost")],
          }}
        />
      </Card>
    </>
  );
}
