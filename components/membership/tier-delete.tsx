"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { FormAction } from "@/lib/http/action-state";

/** A delete button that asks first, naming the tier; a tier members hold is refused, and says so. */
export function DeleteTier<T>({ action, id, name }: { action: FormAction<T>; id: string; name: string }) {
  const t = useTranslations("membershipAdmin.tiers.delete");
  return <ConfirmDialog action={action} fields={{ id }} labels={{ trigger: t("button"), title: t("title", { name }), body: t("body"), confirm: t("confirm", { name }), cancel: t("cancel") }} />;
}
