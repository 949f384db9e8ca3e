import { withActor } from "@/lib/http/route";
import { getAttachment } from "@/lib/service/attachments";

export const dynamic = "force-dynamic";

/**
 * A ticket's file, for staff who see the ticket and for the member whose ticket it is. Always a
 * download with the type its content showed, sandboxed and never sniffed: a file cannot run here.
 */
export const GET = withActor(async (_request, actor, { params }: RouteContext<"/api/attachments/[attachmentId]">) => {
  const attachment = await getAttachment(actor, (await params).attachmentId);
  return new Response(new Uint8Array(attachment.data), {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(attachment.size),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
