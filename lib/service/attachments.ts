import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { customers, ticketAttachments, ticketMessages, tickets } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { uuidParam } from "@/lib/validation";
import { ticketVisibleTo } from "./scope";

/** A file as a form or the API hands it over. */
export type Upload = { filename: string; bytes: Uint8Array };

export const maxAttachmentBytes = 4 * 1024 * 1024;
const maxAttachmentsPerMessage = 5;

const startsWith = (bytes: Uint8Array, ...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
const ascii = (bytes: Uint8Array, from: number, text: string) => [...text].every((char, index) => bytes[from + index] === char.charCodeAt(0));

/**
 * The type a file's content shows: PNG, JPEG, GIF, WebP, PDF, or plain UTF-8 text (`.txt`, `.csv`,
 * `.log`). Anything else — programs, archives, HTML, SVG — is refused: null.
 */
export function detectType(bytes: Uint8Array, filename: string): string | null {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return "image/gif";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return "image/webp";
  if (ascii(bytes, 0, "%PDF-")) return "application/pdf";
  if (/\.(txt|csv|log)$/i.test(filename) && !bytes.includes(0)) {
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      // Markup is not plain text: a browser could be talked into running it.
      if (/<\s*(script|html|svg|iframe|object)\b/i.test(text)) return null;
      return filename.toLowerCase().endsWith(".csv") ? "text/csv" : "text/plain";
    } catch {
      return null;
    }
  }
  return null;
}

/** A file name safe to store and to send back: no folders, no control characters, not too long. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, "").trim();
  return (clean || "attachment").slice(-120);
}

/** Checks the files of one message: how many, how large, and that each is a type we keep. */
export function checkUploads(uploads: Upload[]): (Upload & { contentType: string })[] {
  const files = uploads.filter((upload) => upload.bytes.byteLength > 0);
  if (files.length > maxAttachmentsPerMessage) throw new AppError("VALIDATION", "errors.VALIDATION", { attachments: ["validation.tooManyFiles"] });
  return files.map((file) => {
    if (file.bytes.byteLength > maxAttachmentBytes) throw new AppError("VALIDATION", "errors.VALIDATION", { attachments: ["validation.fileTooLarge"] });
    const filename = safeFilename(file.filename);
    const contentType = detectType(file.bytes, filename);
    if (!contentType) throw new AppError("VALIDATION", "errors.VALIDATION", { attachments: ["validation.fileType"] });
    return { filename, bytes: file.bytes, contentType };
  });
}

/** Stores checked files with their message (none: with the ticket's description), in the caller's transaction. */
export async function storeAttachments(tx: Database, actor: Actor, ticketId: string, messageId: string | null, files: ReturnType<typeof checkUploads>) {
  if (files.length === 0) return;
  await tx.insert(ticketAttachments).values(
    files.map((file) => ({
      ticketId,
      messageId,
      filename: file.filename,
      contentType: file.contentType,
      size: file.bytes.byteLength,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      data: Buffer.from(file.bytes),
      uploadedBy: actor.kind === "user" && actor.role !== "member" ? actor.userId : null,
    })),
  );
}

const listed = {
  id: ticketAttachments.id,
  messageId: ticketAttachments.messageId,
  filename: ticketAttachments.filename,
  contentType: ticketAttachments.contentType,
  size: ticketAttachments.size,
};

/**
 * A ticket's files without their content; `publicOnly` leaves out those of internal notes. For the
 * ticket readers (`getTicket`, `getOwnTicket`), which have checked who is asking.
 */
export async function listAttachments(db: Database, ticketId: string, { publicOnly }: { publicOnly: boolean }) {
  return db
    .select(listed)
    .from(ticketAttachments)
    .leftJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(and(eq(ticketAttachments.ticketId, ticketId), publicOnly ? or(isNull(ticketAttachments.messageId), eq(ticketMessages.kind, "reply")) : undefined))
    .orderBy(asc(ticketAttachments.createdAt));
}

/**
 * One file with its content, for whoever may see the message it came with: staff who see the
 * ticket, or the member whose ticket it is (never from an internal note). NOT_FOUND otherwise.
 */
export async function getAttachment(actor: Actor, attachmentId: unknown) {
  const id = uuidParam.safeParse(attachmentId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const member = actor.kind === "user" && actor.role === "member";
  if (!member && !can(actor, "tickets.read")) throw new AppError("NOT_FOUND");
  const [row] = await db
    .select({ attachment: ticketAttachments })
    .from(ticketAttachments)
    .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(
      and(
        eq(ticketAttachments.id, id.data),
        member
          ? and(eq(tickets.customerId, actor.customerId ?? "00000000-0000-0000-0000-000000000000"), or(isNull(ticketAttachments.messageId), eq(ticketMessages.kind, "reply")))
          : ticketVisibleTo(actor),
      ),
    );
  if (!row) throw new AppError("NOT_FOUND");
  return row.attachment;
}
