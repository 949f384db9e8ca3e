"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { FormAction } from "@/lib/http/action-state";

/** Revokes a key after asking, naming it: the systems that use it are shut out at once, for good. */
export function RevokeApiKey<T>({ action, id, name, prefix }: { action: FormAction<T>; id: string; name: string; prefix: string }) {
  const t = useTranslations("apiKeys.revoke");
  return (
    <ConfirmDialog
      action={action}
      fields={{ id }}
      labels={{ trigger: t("button"), title: t("title", { name }), body: t("body", { prefix }), confirm: t("confirm"), cancel: t("cancel") }}
    />
  );
}
