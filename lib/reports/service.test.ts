import crypto from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, customers, reportServiceChanges, reportServiceDaily, reportServiceResponses, tickets, ticketSlaClocks, type SlaClockKind, type Ticket } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { createTeam } from "@/lib/sales/teams";
import { randomFrom } from "@/lib/seeded-random";
import { createTicket, listTickets } from "@/lib/service/tickets";
import { updateSetting } from "@/lib/settings/commands";
import { weightedMedian } from "./rules";
import { exportServiceReport, getServiceReport, serviceSpan, weekOf, type ServiceDay } from "./service";
import { rebuildServiceReport, refreshServiceReport } from "./service-rollup";

let admin: Actor;

beforeAll(async () => {
  await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" });
  admin = await makeActor("admin");
  // The rollups' first refresh builds them whole; each test's refreshes then follow the changes.
  await refreshServiceReport(await getDb());
});

type Clock = { stoppedAt?: string; breachedAt?: string; elapsedMinutes?: number };

/**
 * A ticket as it stands after its life so far: opened at `createdAt` (an ISO instant) and then set
 * directly to the status, times, rating and clocks given, so that every figure is known exactly.
 */
async function ticketAt(
  values: { customerId: string; teamId: string | null; createdAt: string; category?: Ticket["category"] } & Partial<{
    assigneeId: string | null;
    status: Ticket["status"];
    solvedAt: string;
    rating: number;
    ratedAt: string;
    mergedIntoId: string;
  }>,
  clocks: Partial<Record<SlaClockKind, Clock>> = {},
) {
  const made = await createTicket(seedActor, { customerId: values.customerId, subject: "Service report", description: "Figures.", channel: "phone", category: values.category ?? "inquiry", teamId: values.teamId ?? "" });
  const db = await getDb();
  const at = (instant?: string) => (instant ? new Date(instant) : null);
  await db
    .update(tickets)
    .set({
      createdAt: new Date(values.createdAt),
      teamId: values.teamId,
      assigneeId: values.assigneeId ?? null,
      status: values.status ?? "new",
      solvedAt: at(values.solvedAt),
      rating: values.rating ?? null,
      ratedAt: at(values.ratedAt),
      mergedIntoId: values.mergedIntoId ?? null,
    })
    .where(eq(tickets.id, made.id));
  for (const [kind, clock] of Object.entries(clocks) as [SlaClockKind, Clock][]) {
    await db
      .update(ticketSlaClocks)
      .set({
        stoppedAt: at(clock.stoppedAt),
        breachedAt: at(clock.breachedAt),
        elapsedMinutes: clock.elapsedMinutes ?? 0,
        runningSince: clock.stoppedAt ? null : new Date(values.createdAt),
        dueAt: null,
      })
      .where(and(eq(ticketSlaClocks.ticketId, made.id), eq(ticketSlaClocks.kind, kind)));
  }
  return made;
}

const day = (date: string, values: Partial<ServiceDay> = {}): ServiceDay => ({
  day: date,
  opened: 0,
  solved: 0,
  firstResponse: { counted: 0, met: 0 },
  resolution: { counted: 0, met: 0 },
  ratings: 0,
  ratingSum: 0,
  ...values,
});

describe("the span of days", () => {
  it("is the 30 days up to today in the organisation's zone by default, swapped when backwards and at most 366 days", () => {
    // 00:30 on 1 April in Shanghai, still 31 March in UTC.
    const now = new Date("2031-03-31T16:30:00Z");
    expect(serviceSpan({}, "Asia/Shanghai", now)).toEqual({ from: "2031-03-03", to: "2031-04-01" });
    expect(serviceSpan({}, "UTC", now)).toEqual({ from: "2031-03-02", to: "2031-03-31" });
    expect(serviceSpan({ from: "2031-03-01" }, "UTC", now)).toEqual({ from: "2031-03-01", to: "2031-03-30" });
    expect(serviceSpan({ to: "2031-03-01" }, "UTC", now)).toEqual({ from: "2031-01-31", to: "2031-03-01" });
    expect(serviceSpan({ from: "2031-03-09", to: "2031-03-02" }, "UTC", now)).toEqual({ from: "2031-03-02", to: "2031-03-09" });
    // 2030-03-03 to 2031-03-03 is 366 days, both included.
    expect(serviceSpan({ from: "2000-01-01", to: "2031-03-03" }, "UTC", now)).toEqual({ from: "2030-03-03", to: "2031-03-03" });
    expect(serviceSpan({ from: "2028-01-01", to: "2028-12-31" }, "UTC", now)).toEqual({ from: "2028-01-01", to: "2028-12-31" });
  });

  it("takes a median from counted values as percentile_cont does, between the two middle ones", () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ value: 90, count: 0 }])).toBeNull();
    expect(weightedMedian([{ value: 90, count: 1 }, { value: 30, count: 1 }, { value: 60, count: 1 }])).toBe(60);
    expect(weightedMedian([{ value: 60, count: 1 }, { value: 30, count: 1 }])).toBe(45);
    // 10, 10, 10, 20, 80, 80: between the third and fourth.
    expect(weightedMedian([{ value: 80, count: 2 }, { value: 10, count: 3 }, { value: 20, count: 1 }])).toBe(15);
    expect(weightedMedian([{ value: 7, count: 1_000_001 }, { value: 9, count: 1_000_000 }])).toBe(7);
  });

  it("groups days into weeks from Monday", () => {
    expect([weekOf("2031-03-01"), weekOf("2031-03-02"), weekOf("2031-03-03"), weekOf("2031-03-09")]).toEqual(["2031-02-24", "2031-02-24", "2031-03-03", "2031-03-03"]);
  });
});

describe("the service dashboard", () => {
  it("counts tickets opened, solved, SLA clocks decided and ratings by the organisation's days, and the backlog now", async () => {
    const [ann, bo] = [await makeUser("support_agent", { name: "Ann Service" }), await makeUser("support_agent", { name: "Bo Service" })];
    const lead = await makeUser("manager", { name: "Care Lead" });
    const team = await createTeam(seedActor, { name: `Care ${crypto.randomUUID().slice(0, 6)}`, managerId: lead.id, memberIds: [ann.id, bo.id] });
    // A customer of a rep in another team: only those who see the care team's tickets see these.
    const rep = await makeUser("sales_rep");
    await createTeam(seedActor, { name: `Sales ${crypto.randomUUID().slice(0, 6)}`, memberIds: [rep.id] });
    const customer = await makeCustomer(seedActor, { name: "Service Figures", ownerId: rep.id });
    const base = { customerId: customer.id, teamId: team.id };

    // 1 March 2031 is a Saturday; Shanghai is UTC+8.
    const t1 = await ticketAt(
      { ...base, createdAt: "2031-02-28T16:30:00Z", assigneeId: ann.id, status: "solved", solvedAt: "2031-03-02T15:59:00Z", rating: 5, ratedAt: "2031-03-03T01:00:00Z" },
      // Answered in time on 1 March; solved late, just before midnight on 2 March.
      { first_response: { stoppedAt: "2031-03-01T02:00:00Z", elapsedMinutes: 30 }, resolution: { stoppedAt: "2031-03-02T15:59:00Z", breachedAt: "2031-03-02T10:00:00Z", elapsedMinutes: 900 } },
    );
    // Opened at 23:30 on 28 February there: outside the span; answered late on 1 March.
    await ticketAt({ ...base, createdAt: "2031-02-28T15:30:00Z", assigneeId: ann.id, status: "open", category: "issue" }, { first_response: { stoppedAt: "2031-03-01T00:00:00Z", breachedAt: "2031-02-28T23:00:00Z", elapsedMinutes: 90 } });
    // Not answered yet, and breached on 2 March: counted as late there, and in no median.
    await ticketAt({ ...base, createdAt: "2031-03-02T04:00:00Z", assigneeId: bo.id, status: "pending", category: "complaint" }, { first_response: { breachedAt: "2031-03-02T06:00:00Z" } });
    // The last second of 3 March, and the first of 4 March.
    await ticketAt({ ...base, createdAt: "2031-03-03T15:59:59Z" });
    await ticketAt({ ...base, createdAt: "2031-03-03T16:00:00Z" });
    // A duplicate merged away: opened, but its clocks stopped without an answer.
    await ticketAt({ ...base, createdAt: "2031-03-01T03:00:00Z", assigneeId: bo.id, status: "closed", mergedIntoId: t1.id }, { first_response: { stoppedAt: "2031-03-01T05:00:00Z", elapsedMinutes: 120 } });
    await ticketAt(
      { ...base, createdAt: "2031-03-02T01:00:00Z", assigneeId: bo.id, status: "closed", solvedAt: "2031-03-02T08:00:00Z", rating: 2, ratedAt: "2031-03-02T09:00:00Z" },
      { first_response: { stoppedAt: "2031-03-02T02:00:00Z", elapsedMinutes: 60 }, resolution: { stoppedAt: "2031-03-02T08:00:00Z", elapsedMinutes: 420 } },
    );
    // In no team.
    await ticketAt({ customerId: customer.id, teamId: null, createdAt: "2031-03-01T05:00:00Z", status: "open" });

    // The figures are the rollups' as of the last refresh (at most a minute behind).
    const span = { from: "2031-03-01", to: "2031-03-03", team: team.id };
    expect((await getServiceReport(admin, span)).totals.opened).toBe(0);
    expect(await refreshServiceReport(await getDb())).toMatchObject({ rebuilt: false, days: expect.arrayContaining(["2031-03-01", "2031-03-02", "2031-03-03"]) });
    const report = await getServiceReport(admin, span);
    expect(report.params).toEqual(span);
    expect(report.days).toEqual([
      day("2031-03-01", { opened: 2, firstResponse: { counted: 2, met: 1 } }),
      day("2031-03-02", { opened: 2, solved: 2, firstResponse: { counted: 2, met: 1 }, resolution: { counted: 2, met: 1 }, ratings: 1, ratingSum: 2 }),
      day("2031-03-03", { opened: 1, ratings: 1, ratingSum: 5 }),
    ]);
    expect(report.totals).toEqual({
      opened: 5,
      solved: 2,
      firstResponse: { counted: 4, met: 2, compliance: 0.5 },
      resolution: { counted: 2, met: 1, compliance: 0.5 },
      // 30, 60 and 90 business minutes.
      medianFirstResponse: 60,
      ratings: 2,
      averageRating: 3.5,
    });
    // Saturday and Sunday are the end of one week, Monday the start of the next.
    expect(report.weeks).toEqual([
      { from: "2031-03-01", to: "2031-03-02", responses: 1, average: 2 },
      { from: "2031-03-03", to: "2031-03-03", responses: 1, average: 5 },
    ]);
    expect(report.backlog).toEqual({
      total: 4,
      byStatus: [
        { status: "new", count: 2 },
        { status: "open", count: 1 },
        { status: "pending", count: 1 },
        { status: "on_hold", count: 0 },
      ],
      byCategory: [
        { category: "complaint", count: 1 },
        { category: "inquiry", count: 2 },
        { category: "issue", count: 1 },
      ],
    });
    expect(report.agents).toEqual([
      { id: ann.id, name: "Ann Service", assigned: 1, solved: 1, medianFirstResponse: 60, sla: { counted: 3, met: 1 }, compliance: 1 / 3, ratings: 1, averageRating: 5 },
      { id: bo.id, name: "Bo Service", assigned: 3, solved: 1, medianFirstResponse: 60, sla: { counted: 3, met: 2 }, compliance: 2 / 3, ratings: 1, averageRating: 2 },
    ]);

    // Every figure is the count of the ticket list it links to.
    const list = async (filters: Record<string, string>) => (await listTickets(admin, { queue: "all", team: team.id, from: span.from, to: span.to, ...filters })).total;
    expect(await list({ dates: "created" })).toBe(5);
    expect(await list({ dates: "solved" })).toBe(2);
    expect(await list({ dates: "rated" })).toBe(2);
    expect(await list({ dates: "first_response" })).toBe(4);
    expect(await list({ dates: "first_response", sla: "breached" })).toBe(2);
    expect(await list({ dates: "resolution", sla: "met" })).toBe(1);
    expect(await list({ dates: "created", assignee: bo.id })).toBe(3);
    expect(await list({ dates: "solved", assignee: ann.id })).toBe(1);
    expect(await list({ dates: "created", from: "2031-03-03", to: "2031-03-03" })).toBe(1);
    expect((await listTickets(admin, { queue: "open", team: team.id, status: "new" })).total).toBe(2);
    expect((await listTickets(admin, { queue: "open", team: team.id, category: "inquiry" })).total).toBe(2);
    expect((await listTickets(admin, { queue: "all", team: "none", dates: "created", from: span.from, to: span.to })).total).toBe(1);
    const noTeam = await getServiceReport(admin, { ...span, team: "none" });
    expect(noTeam.totals.opened).toBe(1);
    expect(noTeam.backlog.byStatus.find((row) => row.status === "open")!.count).toBeGreaterThanOrEqual(1);

    // A manager sees the figures of the tickets they may open: those of the team they lead, not another's.
    expect((await getServiceReport(actorOf(lead), span)).totals).toEqual(report.totals);
    const other = await getServiceReport(await makeActor("manager"), span);
    expect(other.totals).toMatchObject({ opened: 0, solved: 0, medianFirstResponse: null, averageRating: null });
    expect(other.backlog.total).toBe(0);
    expect(other.agents).toEqual([]);

    // The export holds the same days and is audited.
    const { filename, csv } = await exportServiceReport(admin, span);
    expect(filename).toBe("service-2031-03-01-to-2031-03-03.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).trim().split("\n")).toEqual([
      "day,opened,solved,first_response_counted,first_response_met,first_response_compliance,resolution_counted,resolution_met,resolution_compliance,csat_responses,csat_average",
      "2031-03-01,2,0,2,1,0.5000,0,0,,0,",
      "2031-03-02,2,2,2,1,0.5000,2,1,0.5000,1,2.00",
      "2031-03-03,1,0,0,0,,0,0,,1,5.00",
    ]);
    const [audited] = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.action, "report.export"), eq(auditLog.entityId, "service")));
    expect(audited).toMatchObject({ entityType: "report", actorId: (admin as { userId: string }).userId });
    expect(JSON.stringify(audited!.changes)).toContain(team.id);
  });

  it("shows an empty span as nothing, and falls back to the last 30 days on bad filters", async () => {
    const empty = await getServiceReport(admin, { from: "2035-06-01", to: "2035-06-02", team: crypto.randomUUID() });
    expect(empty.days).toEqual([day("2035-06-01"), day("2035-06-02")]);
    expect(empty.totals).toEqual({ opened: 0, solved: 0, firstResponse: { counted: 0, met: 0, compliance: null }, resolution: { counted: 0, met: 0, compliance: null }, medianFirstResponse: null, ratings: 0, averageRating: null });
    expect(empty.weeks).toEqual([{ from: "2035-06-01", to: "2035-06-02", responses: 0, average: null }]);
    expect(empty.backlog).toMatchObject({ total: 0, byCategory: [] });
    expect(empty.agents).toEqual([]);

    const fallback = await getServiceReport(admin, { from: "2031-02-30", to: "yesterday", team: "<script>" });
    expect(fallback.days).toHaveLength(30);
    expect(fallback.params.team).toBeUndefined();
    const long = await getServiceReport(admin, { from: "2029-01-01", to: "2031-12-31" });
    expect(long.days).toHaveLength(366);
    expect(long.params.from).toBe("2030-12-31");
  });

  it("is for managers and admins only", async () => {
    for (const role of ["sales_rep", "support_agent", "member"] as const) {
      await expectAppError(getServiceReport(await makeActor(role), {}), "FORBIDDEN");
      await expectAppError(exportServiceReport(await makeActor(role), {}), "FORBIDDEN");
    }
    await expect(getServiceReport(await makeActor("manager"), {})).resolves.toMatchObject({ timeZone: "Asia/Shanghai" });
  });
});

/** The service rollups' rows, in one order, without their bookkeeping columns. */
async function snapshot() {
  const db = await getDb();
  const strip = <T extends { createdAt: Date; updatedAt: Date }>(rows: T[]) => rows.map(({ createdAt: _c, updatedAt: _u, ...row }) => row);
  const keys = (table: typeof reportServiceDaily | typeof reportServiceResponses) => [
    asc(table.day),
    sql`${table.teamId} nulls first`,
    sql`${table.assigneeId} nulls first`,
    sql`${table.ownerId} nulls first`,
  ];
  return {
    daily: strip(await db.select().from(reportServiceDaily).orderBy(...keys(reportServiceDaily))),
    responses: strip(await db.select().from(reportServiceResponses).orderBy(...keys(reportServiceResponses), asc(reportServiceResponses.minutes))),
  };
}

describe("the service rollups", () => {
  it("equal a recomputation from scratch after any mix of tickets, solvings, ratings, SLA clocks, reassignments, merges and customer changes, refreshed at any point", async () => {
    const db = await getDb();
    const agents = [await makeUser("support_agent"), await makeUser("support_agent")];
    const reps = [await makeUser("sales_rep"), await makeUser("sales_rep")];
    const teams = [
      await createTeam(seedActor, { name: `Mix care ${crypto.randomUUID().slice(0, 6)}`, memberIds: agents.map((agent) => agent.id) }),
      await createTeam(seedActor, { name: `Mix sales ${crypto.randomUUID().slice(0, 6)}`, memberIds: reps.map((rep) => rep.id) }),
    ];
    for (const seed of [5, 909, 31_337]) {
      const random = randomFrom(seed);
      const people = [];
      for (let index = 0; index < 3; index++) people.push(await makeCustomer(seedActor, { name: `Mix ${seed} ${index}`, ownerId: random.pick([...reps.map((rep) => rep.id), undefined]) }));
      // Instants over two months, so that the days and a month boundary in Shanghai are crossed.
      const instant = () => new Date(Date.UTC(2032, 0, 1 + Math.floor(random.next() * 60), Math.floor(random.next() * 24), Math.floor(random.next() * 60))).toISOString();
      const made: Ticket[] = [];
      // Tickets are opened for live customers only.
      const deleted = new Set<string>();
      for (let step = 0; step < 45; step++) {
        const roll = random.next();
        const live = people.filter((person) => !deleted.has(person.id));
        if ((roll < 0.3 || made.length === 0) && live.length > 0) {
          const createdAt = instant();
          const solved = random.next() < 0.5;
          made.push(
            await ticketAt(
              {
                customerId: random.pick(live).id,
                teamId: random.pick([...teams.map((team) => team.id), null]),
                createdAt,
                assigneeId: random.pick([...agents.map((agent) => agent.id), null]),
                status: solved ? "solved" : "open",
                ...(solved ? { solvedAt: instant() } : {}),
                ...(solved && random.next() < 0.6 ? { rating: 1 + Math.floor(random.next() * 5), ratedAt: instant() } : {}),
              },
              {
                first_response: random.pick<Clock>([{}, { stoppedAt: instant(), elapsedMinutes: random.pick([5, 30, 30, 240]) }, { breachedAt: instant() }, { stoppedAt: instant(), breachedAt: instant(), elapsedMinutes: 600 }]),
                resolution: random.pick<Clock>([{}, { stoppedAt: instant(), elapsedMinutes: 400 }, { breachedAt: instant() }]),
              },
            ),
          );
        } else if (made.length === 0) {
          await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, random.pick(people).id));
          deleted.clear();
        } else if (roll < 0.42) {
          const ticket = random.pick(made);
          await db
            .update(tickets)
            .set(random.next() < 0.5 ? { assigneeId: random.pick([...agents.map((agent) => agent.id), null]) } : { teamId: random.pick([...teams.map((team) => team.id), null]) })
            .where(eq(tickets.id, ticket.id));
        } else if (roll < 0.52) {
          const ticket = random.pick(made);
          const kind = random.pick(["first_response", "resolution"] as const);
          const stopped = random.next() < 0.7;
          await db
            .update(ticketSlaClocks)
            .set(stopped ? { stoppedAt: new Date(instant()), elapsedMinutes: random.pick([12, 45, 90]), runningSince: null } : { breachedAt: new Date(instant()) })
            .where(and(eq(ticketSlaClocks.ticketId, ticket.id), eq(ticketSlaClocks.kind, kind)));
        } else if (roll < 0.6) {
          const ticket = random.pick(made);
          const rating = random.pick([null, 2, 5]);
          await db
            .update(tickets)
            .set({ solvedAt: new Date(instant()), status: "solved", rating, ratedAt: rating ? new Date(instant()) : null })
            .where(eq(tickets.id, ticket.id));
        } else if (roll < 0.66 && made.length > 1) {
          const [duplicate, kept] = [random.pick(made), random.pick(made)];
          if (duplicate.id !== kept.id) await db.update(tickets).set({ mergedIntoId: kept.id, status: "closed" }).where(eq(tickets.id, duplicate.id));
        } else if (roll < 0.72) {
          await db.update(tickets).set({ customerId: random.pick(people).id }).where(eq(tickets.id, random.pick(made).id));
        } else if (roll < 0.8) {
          await db.update(customers).set({ ownerId: random.pick([...reps.map((rep) => rep.id), null]) }).where(eq(customers.id, random.pick(people).id));
        } else if (roll < 0.86) {
          const person = random.pick(people);
          const deleting = random.next() < 0.5;
          await db.update(customers).set({ deletedAt: deleting ? new Date() : null }).where(eq(customers.id, person.id));
          if (deleting) deleted.add(person.id);
          else deleted.delete(person.id);
        } else {
          await refreshServiceReport(db);
        }
      }
      await refreshServiceReport(db);
      expect(await db.select().from(reportServiceChanges)).toEqual([]);
      const refreshed = await snapshot();
      expect(refreshed.daily.length).toBeGreaterThan(0);
      await rebuildServiceReport(db);
      expect(refreshed).toEqual(await snapshot());
    }

    // A manager reads the same figures from the rollups as the tickets they may open give.
    const manager = await makeUser("manager");
    await createTeam(seedActor, { name: `Mix lead ${crypto.randomUUID().slice(0, 6)}`, managerId: manager.id, memberIds: [reps[0]!.id] });
    const lead = actorOf(manager);
    const span = { from: "2032-01-01", to: "2032-03-01" };
    const report = await getServiceReport(lead, span);
    const count = async (dates: string, extra: Record<string, string> = {}) => (await listTickets(lead, { queue: "all", dates, ...span, ...extra })).total;
    expect(report.totals.opened).toBe(await count("created"));
    expect(report.totals.solved).toBe(await count("solved"));
    expect(report.totals.ratings).toBe(await count("rated"));
    expect(report.totals.firstResponse.counted).toBe(await count("first_response"));
    expect(report.totals.resolution.met).toBe(await count("resolution", { sla: "met" }));
  });

  it("note nothing for a change that is rolled back", async () => {
    const db = await getDb();
    const customer = await makeCustomer(seedActor, { name: "Rolled back" });
    await ticketAt({ customerId: customer.id, teamId: null, createdAt: "2032-05-01T00:00:00Z" }, { first_response: { stoppedAt: "2032-05-01T01:00:00Z", elapsedMinutes: 60 } });
    await refreshServiceReport(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customer.id));
        await tx.update(tickets).set({ solvedAt: new Date() }).where(eq(tickets.customerId, customer.id));
        throw new Error("the connection dropped");
      }),
    ).rejects.toThrow("dropped");
    expect(await db.select().from(reportServiceChanges)).toEqual([]);
  });
});
