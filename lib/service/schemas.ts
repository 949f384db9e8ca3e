import { z } from "zod";
import { complaintOutcomes, ticketCategories, ticketChannels, ticketPriorities, ticketStatuses } from "@/db/schema";
import { calendarDay, checkbox, isStorableText, optionalEnum, optionalNumber, optionalText, requiredText, tagList, uuidParam, wholeNumber } from "@/lib/validation";

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalId = z.preprocess(blank, uuidParam.optional());

/** The longest message or description kept; longer text is refused, never cut. */
export const maxMessageLength = 20_000;

/** A ticket opened by staff, on a customer's behalf. */
export const ticketCreateSchema = z.strictObject({
  customerId: z.preprocess(blank, z.uuid({ error: "validation.customerRequired" })),
  subject: requiredText(200),
  description: requiredText(maxMessageLength),
  channel: z.enum(ticketChannels.filter((channel) => channel !== "portal") as ["phone", "email", "walk_in", "api"], { error: "validation.invalid" }),
  category: z.preprocess(blank, z.enum(ticketCategories, { error: "validation.invalid" }).default("inquiry")),
  priority: z.preprocess(blank, z.enum(ticketPriorities, { error: "validation.invalid" }).default("normal")),
  orderId: optionalId,
  /** Left out: the default team (a setting); empty: no team. */
  teamId: z.preprocess((value) => (value === "" ? null : value), uuidParam.nullable().optional()),
  assigneeId: optionalId,
  tags: tagList,
});

/** A ticket a member opens in the portal. */
export const portalTicketSchema = z.strictObject({
  subject: requiredText(200),
  description: requiredText(maxMessageLength),
  category: z.preprocess(blank, z.enum(ticketCategories, { error: "validation.invalid" }).default("inquiry")),
  orderId: optionalId,
});

export const ticketMessageSchema = z.strictObject({
  body: requiredText(maxMessageLength),
  /** An internal note: never shown to the member. */
  internal: checkbox.default(false),
});

export const memberMessageSchema = z.strictObject({ body: requiredText(maxMessageLength) });

/** Category, priority, order and tags, as an agent corrects them. */
export const ticketUpdateSchema = z.strictObject({
  category: z.enum(ticketCategories, { error: "validation.invalid" }),
  priority: z.enum(ticketPriorities, { error: "validation.invalid" }),
  orderId: z.preprocess((value) => (value === "" ? null : value), uuidParam.nullable().optional()),
  tags: tagList,
});

/** A status change; solving a complaint also says how it was settled. */
export const ticketStatusSchema = z
  .strictObject({
    status: z.enum(ticketStatuses, { error: "validation.invalid" }),
    outcome: optionalEnum(complaintOutcomes, "validation.invalid"),
    outcomeNote: optionalText(2000),
    compensationPoints: optionalNumber(wholeNumber(1, 1_000_000)),
  })
  .refine((input) => input.outcome !== "points_compensation" || input.compensationPoints !== undefined, {
    path: ["compensationPoints"],
    error: "validation.compensationPoints",
  });

export const ticketAssignSchema = z.strictObject({
  teamId: z.preprocess((value) => (value === "" ? null : value), uuidParam.nullable().optional()),
  /** A person, none (`""`), or `auto`: the next one in the team's turn. */
  assigneeId: z.preprocess((value) => (value === "" ? null : value), z.union([uuidParam, z.literal("auto")]).nullable().optional()),
});

export const ticketMergeSchema = z.strictObject({ intoId: uuidParam });

export const ticketRatingSchema = z.strictObject({
  rating: wholeNumber(1, 5),
  comment: optionalText(2000),
});

export const ticketQueues = ["mine", "unassigned", "open", "breaching", "solved", "all"] as const;
export const ticketSortKeys = ["activity", "created", "priority", "due"] as const;
/**
 * Which moment `from` and `to` bound (reports' drill-down): when the ticket was opened, solved or
 * rated, or when its first-response or resolution clock was decided (stopped, or breached while
 * still running; duplicates merged away are left out, as the service dashboard leaves them out).
 */
export const ticketDateKinds = ["created", "solved", "rated", "first_response", "resolution"] as const;
export type TicketDateKind = (typeof ticketDateKinds)[number];

const filterValue = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional()).catch(undefined);

/** A queue's URL state; a bad value falls back instead of failing the page. */
export const ticketListParamsSchema = z.object({
  queue: z.enum(ticketQueues).catch("open").default("open"),
  q: z.string().trim().max(100).refine(isStorableText).catch("").default(""),
  status: filterValue(z.enum(ticketStatuses)),
  priority: filterValue(z.enum(ticketPriorities)),
  category: filterValue(z.enum(ticketCategories)),
  /** A team, or `none`: tickets in no team. */
  team: filterValue(z.union([z.literal("none"), uuidParam])),
  assignee: filterValue(uuidParam),
  customer: filterValue(uuidParam),
  dates: z.enum(ticketDateKinds).catch("created").default("created"),
  from: filterValue(calendarDay),
  to: filterValue(calendarDay),
  /** With a clock as `dates`: only clocks met in time, or only breached ones. */
  sla: filterValue(z.enum(["met", "breached"])),
  sort: z.enum(ticketSortKeys).catch("activity").default("activity"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type TicketListParams = z.output<typeof ticketListParamsSchema>;

export const cannedReplySchema = z.strictObject({
  title: requiredText(120),
  body: requiredText(maxMessageLength),
  /** No team: shared with everyone. */
  teamId: z.preprocess((value) => (value === "" ? null : value), uuidParam.nullable().default(null)),
});
