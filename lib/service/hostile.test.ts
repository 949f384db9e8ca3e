import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeCustomer, makeMemberAccount, makeUser, seedActor } from "@/lib/factories";
import { checkHostileInput, type HostileCase } from "@/lib/hostile.testing";
import { createTeam } from "@/lib/sales/teams";
import { settingDefinitions } from "@/lib/settings/schemas";
import { createCannedReply, updateCannedReply } from "./canned";
import { openOwnTicket, replyToOwnTicket } from "./portal";
import { updateServiceSettings } from "./settings";
import { assignTicket, changeTicketStatus, createTicket, getTicket, listTickets, replyToTicket, updateTicket } from "./tickets";

/**
 * Hostile input (fast-check, fixed seed) to the service desk's commands that agents and members
 * reach through forms and the API: each refuses with a coded AppError and changes nothing, or
 * succeeds and keeps accepted text exactly as sent (trimmed).
 */

let admin: Actor;
let member: Actor;
let customerId: string;
let ticketId: string;
let ownTicketId: string;
let teamId: string;
let agentId: string;
let cannedId: string;
let tried = 0;
const unique = () => crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  admin = await makeActor("admin");
  agentId = (await makeUser("support_agent")).id;
  teamId = (await createTeam(seedActor, { name: `Support ${unique()}`, memberIds: [agentId] })).id;
  customerId = (await makeCustomer(seedActor)).id;
  ticketId = (await createTicket(admin, { customerId, subject: "Pool ticket", description: "For hostile input", channel: "phone" })).id;
  member = (await makeMemberAccount()).actor;
  ownTicketId = (await openOwnTicket(member, { subject: "My points", description: "Where are they?" })).id;
  cannedId = (await createCannedReply(admin, { title: "Thanks", body: "Thank you, {{customer.name}}." })).id;
});

afterAll(() => {
  console.log(`Hostile service input: ${tried} calls.`);
});

const asRecord = (result: unknown) => result as Record<string, unknown>;
const readTicket = async (result: unknown) => (await getTicket(admin, (result as { id: string }).id)).ticket as unknown as Record<string, unknown>;
const messageOf = (result: unknown) => ((result as { message?: Record<string, unknown> }).message ?? result) as Record<string, unknown>;

const cases = (): HostileCase[] => [
  {
    name: "createTicket",
    input: () => ({ customerId, subject: "Card not scanning", description: "The till cannot read my card.", channel: "phone", category: "issue", priority: "high", orderId: "", teamId, assigneeId: agentId, tags: "card, till" }),
    call: (input) => createTicket(admin, input),
    text: ["subject", "description"],
    readBack: readTicket,
  },
  { name: "replyToTicket", input: () => ({ body: "We are looking into it.", internal: "" }), call: (input) => replyToTicket(admin, ticketId, input), text: ["body"], readBack: messageOf },
  { name: "assignTicket", input: () => ({ teamId, assigneeId: agentId }), call: (input) => assignTicket(admin, ticketId, input), runs: 30 },
  { name: "updateTicket", input: () => ({ category: "complaint", priority: "urgent", orderId: "", tags: "vip" }), call: (input) => updateTicket(admin, ticketId, input), runs: 30 },
  {
    name: "changeTicketStatus",
    input: () => ({ status: "open", outcome: "", outcomeNote: "", compensationPoints: "" }),
    call: (input) => changeTicketStatus(admin, ticketId, input),
    runs: 30,
  },
  { name: "createCannedReply", input: () => ({ title: `Reply ${unique()}`, body: "Hello {{customer.name}}", teamId: "" }), call: (input) => createCannedReply(admin, input), text: ["title", "body"], readBack: asRecord },
  { name: "updateCannedReply", input: () => ({ title: `Reply ${unique()}`, body: "Hello again", teamId }), call: (input) => updateCannedReply(admin, cannedId, input), text: ["title", "body"], readBack: asRecord, runs: 30 },
  { name: "updateServiceSettings", input: () => structuredClone(settingDefinitions.service.defaults) as unknown as Record<string, unknown>, call: (input) => updateServiceSettings(admin, input) },
  {
    name: "updateServiceSettings (calendar)",
    input: () => structuredClone(settingDefinitions.service.defaults.calendar) as unknown as Record<string, unknown>,
    call: (calendar) => updateServiceSettings(admin, { ...settingDefinitions.service.defaults, calendar }),
    examples: [{ holidays: ["0000-01-01", "9999-12-31", "2026-02-30"] }, { week: [[{ start: "24:00", end: "25:00" }], [], [], [], [], [], []] }, { timeZone: "Mars/Olympus" }],
  },
  { name: "openOwnTicket", input: () => ({ subject: "Points missing", description: "My last order earned nothing.", category: "points_dispute", orderId: "" }), call: (input) => openOwnTicket(member, input), text: ["subject", "description"], readBack: readTicket },
  { name: "replyToOwnTicket", input: () => ({ body: "Any news?" }), call: (input) => replyToOwnTicket(member, ownTicketId, input), text: ["body"], readBack: messageOf },
  {
    name: "listTickets",
    input: () => ({ queue: "all", q: "card", status: "open", priority: "high", category: "issue", team: "none", dates: "created", from: "2026-01-01", to: "2026-12-31", sla: "met", sort: "due", dir: "asc", page: "1" }),
    call: (input) => listTickets(admin, input),
    searchParams: true,
    runs: 30,
  },
];

describe("service commands under hostile input", () => {
  it.each(cases().map((hostileCase) => [hostileCase.name, hostileCase] as const))("%s refuses with a coded error and changes nothing, or keeps the text as sent", async (_name, hostileCase) => {
    tried += await checkHostileInput(hostileCase);
  }, 240_000);

  it("tried them all", () => {
    expect(tried).toBeGreaterThan(1000);
  });
});
