"use client";

import { useTranslations } from "next-intl";
import { controlClass, Field } from "@/components/ui/field";

/** Files to send with a message: what the server keeps (pictures, PDF, text), as the hint says. */
export function AttachmentField({ id, error }: { id: string; error?: string }) {
  const t = useTranslations("common.files");
  return (
    <Field id={id} label={t("attachments")} hint={t("attachmentsHint")} error={error}>
      {(control) => (
        <input
          {...control}
          type="file"
          name="attachments"
          multiple
          accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.csv,image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv"
          className={controlClass(Boolean(error), "file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm")}
        />
      )}
    </Field>
  );
}
