import "server-only";
import type { Upload } from "@/lib/service/attachments";

/** The files a form sent under `name`, read into memory; an empty file input sends none. */
export async function uploadsOf(formData: FormData, name = "attachments"): Promise<Upload[]> {
  const files = formData.getAll(name).filter((value): value is File => value instanceof File && value.size > 0);
  return Promise.all(files.map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}
