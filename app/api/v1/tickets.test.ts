import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as messages from "@/app/api/v1/tickets/[ticketId]/messages/route";
import * as ticket from "@/app/api/v1/tickets/[ticketId]/route";
import * as tickets from "@/app/api/v1/tickets/route";
import { getDb } from "@/db/client";
import { ticketMessages, tickets as ticketRows } from "@/db/schema";
import { makeActor, makeCustomer, seedActor } from "@/lib/factories";
import { expectAppError } from "@/lib/expect-app-error";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { changeTicketStatus, getTicket, listTicketMessages, replyToTicket } from "@/lib/service/tickets";

let reader: string;
let writer: string;
let customersOnly: string;

beforeAll(async () => {
  reader = await makeApiKey(["tickets:read"]);
  writer = await makeApiKey(["tickets:write"]);
  customersOnly = await makeApiKey(["customers:read"]);
});

const open = (body: unknown, key = writer) => callApi(tickets.POST, { key, path: "/tickets", body });
const list = (query: string, key = reader) => callApi(tickets.GET, { key, path: `/tickets${query}` });
const get = (ticketId: string, key = reader) => callApi(ticket.GET, { key, path: "/tickets/{ticketId}", params: { ticketId } });
const write = (ticketId: string, body: unknown, key = writer) => callApi(messages.POST, { key, path: "/tickets/{ticketId}/messages", params: { ticketId }, body });

async function ticketsOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(ticketRows).where(eq(ticketRows.customerId, customerId));
  return row!.n;
}

async function messagesOf(ticketId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId));
  return row!.n;
}

async function opened(customerId: string, extra: Record<string, unknown> = {}) {
  const response = await open({ customerId, subject: "Card not scanning", description: "The till cannot read my card.", ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

const unknownIds = [crypto.randomUUID(), "1042", "not-an-id"];

describe("POST /tickets", () => {
  it("opens a ticket by the API channel unless another is given, and answers 201 with it", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await open({ customerId: customer.id, subject: "  Points missing  ", description: "My last order earned nothing.", category: "points_dispute", tags: ["app", "app"] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      number: expect.stringMatching(/^#\d+$/),
      customerId: customer.id,
      subject: "Points missing",
      description: "My last order earned nothing.",
      channel: "api",
      category: "points_dispute",
      priority: "normal",
      status: "new",
      tags: ["app"],
      assigneeId: null,
      closedAt: null,
    });
    const byPhone = await open({ customerId: customer.id, subject: "Call back", description: "Please call me.", channel: "phone", priority: "high" });
    expect(byPhone.body).toMatchObject({ channel: "phone", priority: "high" });
    const fetched = await get(response.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ ...response.body, messages: [] });
  });

  it("answers 422 field by field and opens nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await open({ customerId: customer.id, subject: " ", channel: "portal", priority: "extreme", attachments: ["a.png"] });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: {
        subject: ["This field is required."],
        description: ["This field is required."],
        channel: ["This value is not valid."],
        priority: ["This value is not valid."],
        attachments: [expect.any(String)],
      },
    });
    const stranger = await open({ customerId: crypto.randomUUID(), subject: "Hello", description: "Anyone?" });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.fields).toEqual({ customerId: ["Choose the customer."] });
    const order = await open({ customerId: customer.id, subject: "Hello", description: "About my order", orderId: crypto.randomUUID() });
    expect(order.status).toBe(422);
    expect(order.body.error.fields).toEqual({ orderId: ["Choose one of this customer's orders."] });
    expect(await ticketsOf(customer.id)).toBe(0);
  });

  it("answers 401 without a key and 403 to a key without tickets:write", async () => {
    const customer = await makeCustomer(seedActor);
    const body = { customerId: customer.id, subject: "Hello", description: "Anyone?" };
    expect((await open(body, "")).status).toBe(401);
    for (const key of [reader, customersOnly]) {
      const refused = await open(body, key);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("insufficient_scope");
    }
    expect(await ticketsOf(customer.id)).toBe(0);
  });
});

describe("GET /tickets", () => {
  it("pages newest first by number with a cursor, without overlap, and filters by customer, status and priority", async () => {
    const customer = await makeCustomer(seedActor);
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await opened(customer.id, { subject: `Paged ${i}`, priority: i % 2 === 0 ? "high" : "low" }));
    const first = await list(`?customerId=${customer.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((row: { subject: string }) => row.subject)).toEqual(["Paged 4", "Paged 3"]);
    const second = await list(`?customerId=${customer.id}&limit=2&cursor=${first.body.nextCursor}`);
    const third = await list(`?customerId=${customer.id}&limit=2&cursor=${second.body.nextCursor}`);
    expect(second.body.data.map((row: { subject: string }) => row.subject)).toEqual(["Paged 2", "Paged 1"]);
    expect(third.body).toEqual({ data: [expect.objectContaining({ id: made[0].id, subject: "Paged 0" })], nextCursor: null });

    const high = await list(`?customerId=${customer.id}&priority=high`);
    expect(high.body.data.map((row: { subject: string }) => row.subject)).toEqual(["Paged 4", "Paged 2", "Paged 0"]);
    await replyToTicket(await makeActor("support_agent"), made[1].id, { body: "Looking into it." });
    const openOnes = await list(`?customerId=${customer.id}&status=open`);
    expect(openOnes.body.data.map((row: { id: string }) => row.id)).toEqual([made[1].id]);
  });

  it("answers 422 to filters and pages it does not know, 401 without a key and 403 without tickets:read", async () => {
    for (const query of ["?status=bogus", "?priority=extreme", "?customerId=42", "?limit=101", "?cursor=abc", "?stauts=open"]) {
      const response = await list(query);
      expect(response.status, query).toBe(422);
      expect(Object.keys(response.body.error.fields)).toHaveLength(1);
    }
    expect((await list("", "")).status).toBe(401);
    expect((await list("", customersOnly)).status).toBe(403);
  });
});

describe("GET /tickets/{ticketId}", () => {
  it("has the ticket's messages oldest first, each said to be a public reply or an internal note", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    const agent = await makeActor("support_agent");
    await replyToTicket(agent, id, { body: "Please try again now." });
    await replyToTicket(agent, id, { body: "Card reader was reset.", internal: "on" });
    const response = await get(id);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("open");
    expect(response.body.messages).toEqual([
      { id: expect.any(String), visibility: "public", kind: "reply", author: { kind: "staff", id: agent.kind === "user" ? agent.userId : null, name: expect.any(String) }, body: "Please try again now.", createdAt: expect.any(String) },
      expect.objectContaining({ visibility: "internal", kind: "note", body: "Card reader was reset." }),
    ]);
  });

  it("reads the messages of the ticket it has loaded without loading it again, for whoever may read tickets", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    const agent = await makeActor("support_agent");
    await replyToTicket(agent, id, { body: "First." });
    await replyToTicket(agent, id, { body: "Second.", internal: "on" });
    const loaded = await getTicket(agent, id);
    const bodies = async (ticket: Parameters<typeof listTicketMessages>[1]) => (await listTicketMessages(agent, ticket)).map(({ message }) => message.body);
    expect(await bodies(loaded)).toEqual(["First.", "Second."]);
    expect(await bodies(id)).toEqual(["First.", "Second."]);
    await expectAppError(listTicketMessages(await makeActor("member"), loaded), "FORBIDDEN");
  });

  it("answers 401 without a key, 403 without tickets:read, and 404 to ids that are no ticket's or no id at all", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    expect((await get(id, "")).status).toBe(401);
    expect((await get(id, customersOnly)).status).toBe(403);
    for (const ticketId of unknownIds) {
      const response = await get(ticketId);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });
});

describe("POST /tickets/{ticketId}/messages", () => {
  it("adds a public reply, which opens a new ticket, or an internal note, and answers 201 with it", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    const reply = await write(id, { body: "  We are on it.  " });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(String), visibility: "public", kind: "reply", author: { kind: "staff", id: null, name: null }, body: "We are on it.", createdAt: expect.any(String) });
    const note = await write(id, { body: "Customer called twice.", internal: true });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ visibility: "internal", kind: "note", body: "Customer called twice." });
    const fetched = await get(id);
    expect(fetched.body.status).toBe("open");
    expect(fetched.body.messages).toEqual([reply.body, note.body]);
  });

  it("answers 422 field by field and adds nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    const response = await write(id, { body: "", internal: "yes", attachments: [] });
    expect(response.status).toBe(422);
    expect(response.body.error.fields).toEqual({ body: ["This field is required."], internal: ["This value is not valid."], attachments: [expect.any(String)] });
    const tooLong = await write(id, { body: "x".repeat(20_001) });
    expect(tooLong.body.error.fields).toEqual({ body: ["This is too long."] });
    expect(await messagesOf(id)).toBe(0);
    expect((await get(id)).body.status).toBe("new");
  });

  it("answers 409 ticket_closed on a closed ticket, and adds nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    await changeTicketStatus(seedActor, id, { status: "solved" });
    await changeTicketStatus(seedActor, id, { status: "closed" });
    const response = await write(id, { body: "One more thing" });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("ticket_closed");
    expect(await messagesOf(id)).toBe(0);
  });

  it("answers 401 without a key, 403 without tickets:write, and 404 to unknown ids", async () => {
    const customer = await makeCustomer(seedActor);
    const { id } = await opened(customer.id);
    expect((await write(id, { body: "Hi" }, "")).status).toBe(401);
    const refused = await write(id, { body: "Hi" }, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    for (const ticketId of unknownIds) expect((await write(ticketId, { body: "Hi" })).status).toBe(404);
    expect(await messagesOf(id)).toBe(0);
  });
});
