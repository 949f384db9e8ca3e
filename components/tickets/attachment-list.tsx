import { Paperclip } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";

export type AttachmentItem = { id: string; filename: string; size: number };

/** A message's files as download links (the server sends each as a download, never inline). */
export async function AttachmentList({ files }: { files: AttachmentItem[] }) {
  if (files.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations("common.files"), getFormatter()]);
  const size = (bytes: number) => (bytes < 1024 * 1024 ? `${format.number(Math.max(1, Math.round(bytes / 1024)))} KB` : `${format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`);
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label={t("attachments")}>
      {files.map((file) => (
        <li key={file.id}>
          <a
            href={`/api/attachments/${file.id}`}
            download={file.filename}
            aria-label={t("download", { name: file.filename, size: size(file.size) })}
            className="inline-flex max-w-full items-center gap-1 rounded border border-slate-200 bg-white px-2 py-1 text-xs text-brand-700 hover:underline"
          >
            <Paperclip className="size-3.5 shrink-0" aria-hidden />
            <span className="truncate">{file.filename}</span>
            <span className="shrink-0 text-slate-500">{size(file.size)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
