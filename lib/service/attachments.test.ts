import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketAttachments, ticketMessages } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeMemberAccount } from "@/lib/factories";
import { detectType, getAttachment, maxAttachmentBytes, safeFilename } from "./attachments";
import { getOwnTicket, openOwnTicket, replyToOwnTicket } from "./portal";
import { getTicket, replyToTicket } from "./tickets";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n");
const text = (value: string) => new TextEncoder().encode(value);

describe("attachment checks", () => {
  it("keep images, PDFs and plain text by what their content is, and refuse programs and markup", () => {
    expect(detectType(png, "photo.png")).toBe("image/png");
    expect(detectType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), "receipt.jpg")).toBe("image/jpeg");
    expect(detectType(pdf, "invoice.pdf")).toBe("application/pdf");
    expect(detectType(text("order,amount\n1,2"), "lines.csv")).toBe("text/csv");
    expect(detectType(text("till log"), "till.txt")).toBe("text/plain");
    // A program named as a picture, a web page named as text, a drawing that can carry script.
    expect(detectType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00]), "photo.png")).toBeNull();
    expect(detectType(text("<html><script>alert(1)</script>"), "notes.txt")).toBeNull();
    expect(detectType(text('<svg xmlns="http://www.w3.org/2000/svg"/>'), "logo.svg")).toBeNull();
    expect(detectType(new Uint8Array([0xc3, 0x28]), "broken.txt")).toBeNull();
    expect(safeFilename("../../etc/pa\u0000ss<wd>.txt")).toBe("passwd.txt");
    expect(safeFilename("C:\\Users\\me\\收据.pdf")).toBe("收据.pdf");
  });
});

describe("ticket attachments", () => {
  it("travel with a message, reach the member from public replies only, and nobody else", async () => {
    const { actor: member } = await makeMemberAccount();
    const agent = await makeActor("support_agent");
    const ticket = await openOwnTicket(member, { subject: "Broken lid", description: "See the photo." }, [{ filename: "lid.png", bytes: png }]);
    await replyToTicket(agent, ticket.id, { body: "Label for the return attached." }, [{ filename: "label.pdf", bytes: pdf }]);
    await replyToTicket(agent, ticket.id, { body: "Supplier's internal report.", internal: "on" }, [{ filename: "report.txt", bytes: text("batch 42 faulty") }]);

    const all = (await getTicket(agent, ticket.id)).attachments;
    expect(all.map((file) => [file.filename, file.contentType])).toEqual([
      ["lid.png", "image/png"],
      ["label.pdf", "application/pdf"],
      ["report.txt", "text/plain"],
    ]);
    const [lid, label, report] = all;
    expect((await getOwnTicket(member, ticket.id)).attachments.map((file) => file.filename)).toEqual(["lid.png", "label.pdf"]);

    expect(Buffer.from((await getAttachment(member, label!.id)).data).equals(Buffer.from(pdf))).toBe(true);
    expect((await getAttachment(agent, report!.id)).filename).toBe("report.txt");
    await expectAppError(getAttachment(member, report!.id), "NOT_FOUND");
    const { actor: stranger } = await makeMemberAccount();
    await expectAppError(getAttachment(stranger, lid!.id), "NOT_FOUND");
    expect(JSON.stringify(await getOwnTicket(member, ticket.id))).not.toContain("Supplier");
  });

  it("refuse a file too large, too many files or a disguised program, and then write nothing", async () => {
    const { actor: member } = await makeMemberAccount();
    const ticket = await openOwnTicket(member, { subject: "Receipt", description: "Attached." });
    const db = await getDb();
    const before = (await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).length;
    const big = new Uint8Array(maxAttachmentBytes + 1);
    big.set(png);
    const refusal = async (files: { filename: string; bytes: Uint8Array }[]) =>
      (await expectAppError(replyToOwnTicket(member, ticket.id, { body: "Here it is" }, files), "VALIDATION")).fieldErrors;
    expect(await refusal([{ filename: "huge.png", bytes: big }])).toEqual({ attachments: ["validation.fileTooLarge"] });
    expect(await refusal(Array.from({ length: 6 }, (_, index) => ({ filename: `p${index}.png`, bytes: png })))).toEqual({ attachments: ["validation.tooManyFiles"] });
    expect(await refusal([{ filename: "setup.png", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]) }])).toEqual({ attachments: ["validation.fileType"] });
    expect((await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).length).toBe(before);
    expect(await db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id))).toEqual([]);
  });
});
