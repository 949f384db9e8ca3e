import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { deleteCustomer } from "@/lib/customers/commands";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { deactivateUser } from "@/lib/users/commands";
import { createDeal, moveDeal } from "./deals";
import { getPipeline } from "./pipelines";
import { completeTask, createTask, deleteTask, listMyDay, listTaskAssignees, listTasksFor, reopenTask, updateTask } from "./tasks";
import { createTeam } from "./teams";

const unique = () => crypto.randomBytes(4).toString("hex");
const userId = (actor: Actor) => (actor.kind === "user" ? actor.userId : "");

/** A team with a manager and two reps, plus a rep of another team and that team's manager. */
async function makeTeams() {
  const [manager, rep, mate, otherManager, outsider] = await Promise.all([
    makeUser("manager"),
    makeUser("sales_rep"),
    makeUser("sales_rep"),
    makeUser("manager"),
    makeUser("sales_rep"),
  ]);
  await createTeam(seedActor, { name: `Team ${unique()}`, managerId: manager.id, memberIds: [rep.id, mate.id] });
  await createTeam(seedActor, { name: `Team ${unique()}`, managerId: otherManager.id, memberIds: [outsider.id] });
  return { manager: actorOf(manager), rep: actorOf(rep), mate: actorOf(mate), otherManager: actorOf(otherManager), outsider: actorOf(outsider) };
}

async function auditRows(entityId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));
}

const fieldErrors = async (promise: Promise<unknown>) => (await expectAppError(promise, "VALIDATION")).fieldErrors;

describe("createTask", () => {
  it("gives the task to its creator by default and records it", async () => {
    const rep = await makeActor("sales_rep");
    const task = await createTask(rep, { title: "  Call back Mr Li  ", dueOn: "2026-03-10", notes: "" });
    expect(task).toMatchObject({ title: "Call back Mr Li", notes: null, dueOn: "2026-03-10", assigneeId: userId(rep), createdBy: userId(rep), customerId: null, opportunityId: null, completedAt: null });
    const [entry] = await auditRows(task.id, "task.create");
    expect(entry?.changes).toMatchObject({ title: { before: null, after: "Call back Mr Li" }, dueOn: { after: "2026-03-10" } });
  });

  it("refuses a missing title, a bad or missing day, long text and unknown fields", async () => {
    const rep = await makeActor("sales_rep");
    expect(await fieldErrors(createTask(rep, { title: " ", dueOn: "2026-02-31" }))).toMatchObject({ title: ["validation.required"], dueOn: ["validation.date"] });
    expect(await fieldErrors(createTask(rep, { title: "x", dueOn: "" }))).toMatchObject({ dueOn: ["validation.required"] });
    expect(await fieldErrors(createTask(rep, { title: "x", dueOn: "10/03/2026" }))).toMatchObject({ dueOn: ["validation.date"] });
    expect(await fieldErrors(createTask(rep, { title: "x".repeat(161), notes: "n".repeat(2001), dueOn: "2026-03-10" }))).toMatchObject({
      title: ["validation.tooLong"],
      notes: ["validation.tooLong"],
    });
    expect(await fieldErrors(createTask(rep, { title: "x", dueOn: "2026-03-10", customerId: "not-an-id" }))).toMatchObject({ customerId: ["validation.invalid"] });
    await expectAppError(createTask(rep, { title: "x", dueOn: "2026-03-10", priority: "high" }), "VALIDATION");
    expect(await fieldErrors(createTask(seedActor, { title: "x", dueOn: "2026-03-10" }))).toMatchObject({ assigneeId: ["validation.required"] });
  });

  it("lets reps and agents assign only themselves, managers their teams, admins any active staff", async () => {
    const { manager, rep, mate, outsider } = await makeTeams();
    const agent = await makeActor("support_agent");
    const admin = await makeActor("admin");
    const notAllowed = { assigneeId: ["validation.taskAssigneeNotAllowed"] };
    const day = { title: "Follow up", dueOn: "2026-03-10" };

    expect(await fieldErrors(createTask(rep, { ...day, assigneeId: userId(mate) }))).toEqual(notAllowed);
    expect((await createTask(rep, { ...day, assigneeId: userId(rep) })).assigneeId).toBe(userId(rep));
    expect(await fieldErrors(createTask(agent, { ...day, assigneeId: userId(rep) }))).toEqual(notAllowed);
    expect((await createTask(agent, day)).assigneeId).toBe(userId(agent));

    expect((await createTask(manager, { ...day, assigneeId: userId(mate) })).assigneeId).toBe(userId(mate));
    expect(await fieldErrors(createTask(manager, { ...day, assigneeId: userId(outsider) }))).toEqual(notAllowed);
    expect(await fieldErrors(createTask(manager, { ...day, assigneeId: userId(agent) }))).toEqual(notAllowed);

    expect((await createTask(admin, { ...day, assigneeId: userId(agent) })).assigneeId).toBe(userId(agent));
    expect((await createTask(admin, { ...day, assigneeId: userId(outsider) })).assigneeId).toBe(userId(outsider));
    const member = await makeUser("member");
    expect(await fieldErrors(createTask(admin, { ...day, assigneeId: member.id }))).toEqual(notAllowed);
    const leaver = await makeUser("sales_rep");
    await deactivateUser(seedActor, leaver.email);
    expect(await fieldErrors(createTask(admin, { ...day, assigneeId: leaver.id }))).toEqual(notAllowed);
    expect(await fieldErrors(createTask(admin, { ...day, assigneeId: crypto.randomUUID() }))).toEqual(notAllowed);

    expect((await listTaskAssignees(rep)).map((person) => person.id)).toEqual([userId(rep)]);
    expect((await listTaskAssignees(manager)).map((person) => person.id).sort()).toEqual([userId(manager), userId(rep), userId(mate)].sort());
    expect((await listTaskAssignees(admin)).map((person) => person.id)).toEqual(expect.arrayContaining([userId(agent), userId(outsider), userId(admin)]));
    expect((await listTaskAssignees(admin)).map((person) => person.id)).not.toContain(member.id);
  });

  it("links a customer the actor can see and a deal they can read, taking the deal's customer", async () => {
    const { rep, mate, outsider } = await makeTeams();
    const agent = await makeActor("support_agent");
    // Nobody's customers, which every seller sees.
    const customer = await makeCustomer(seedActor);
    const other = await makeCustomer(seedActor);
    const deal = await createDeal(mate, { title: "Tea for the office", amount: "1200", customerId: customer.id });
    const foreignDeal = await createDeal(outsider, { title: "Not ours", amount: "500", customerId: customer.id });
    const day = { title: "Send the quote", dueOn: "2026-03-10" };

    const fromDeal = await createTask(rep, { ...day, opportunityId: deal.id });
    expect(fromDeal).toMatchObject({ opportunityId: deal.id, customerId: customer.id });
    expect(await createTask(rep, { ...day, opportunityId: deal.id, customerId: customer.id })).toMatchObject({ customerId: customer.id });
    expect(await createTask(rep, { ...day, customerId: other.id, opportunityId: "" })).toMatchObject({ customerId: other.id, opportunityId: null });

    expect(await fieldErrors(createTask(rep, { ...day, opportunityId: deal.id, customerId: other.id }))).toEqual({ customerId: ["validation.taskCustomerNotDeal"] });
    expect(await fieldErrors(createTask(rep, { ...day, opportunityId: foreignDeal.id }))).toEqual({ opportunityId: ["validation.taskDealUnknown"] });
    expect(await fieldErrors(createTask(rep, { ...day, opportunityId: crypto.randomUUID(), customerId: crypto.randomUUID() }))).toEqual({
      opportunityId: ["validation.taskDealUnknown"],
      customerId: ["validation.taskCustomerUnknown"],
    });
    // Agents work customers but not deals.
    expect(await createTask(agent, { ...day, customerId: customer.id })).toMatchObject({ customerId: customer.id });
    expect(await fieldErrors(createTask(agent, { ...day, opportunityId: deal.id }))).toEqual({ opportunityId: ["validation.taskDealUnknown"] });

    const gone = await makeCustomer(rep);
    await deleteCustomer(seedActor, gone.id);
    expect(await fieldErrors(createTask(rep, { ...day, customerId: gone.id }))).toEqual({ customerId: ["validation.taskCustomerUnknown"] });

    await expectAppError(listTasksFor(rep, { opportunityId: foreignDeal.id }), "NOT_FOUND");
    await expectAppError(listTasksFor(agent, { opportunityId: deal.id }), "NOT_FOUND");
    await expectAppError(listTasksFor(rep, { customerId: gone.id }), "NOT_FOUND");
    await expectAppError(listTasksFor(rep, { customerId: "nope" }), "NOT_FOUND");
  });
});

describe("changing tasks", () => {
  it("lets the assignee, the creator and a manager over the assignee change a task; others find nothing", async () => {
    const { manager, rep, mate, otherManager, outsider } = await makeTeams();
    const admin = await makeActor("admin");
    const task = await createTask(rep, { title: "Mine", dueOn: "2026-03-10" });
    for (const stranger of [mate, otherManager, outsider]) {
      await expectAppError(updateTask(stranger, task.id, { title: "Taken", dueOn: "2026-03-11" }), "NOT_FOUND");
      await expectAppError(completeTask(stranger, task.id), "NOT_FOUND");
      await expectAppError(reopenTask(stranger, task.id), "NOT_FOUND");
      await expectAppError(deleteTask(stranger, task.id), "NOT_FOUND");
    }
    await expectAppError(completeTask(rep, "not-an-id"), "NOT_FOUND");
    await expectAppError(completeTask(rep, crypto.randomUUID()), "NOT_FOUND");

    expect((await completeTask(manager, task.id)).completedAt).toBeInstanceOf(Date);
    expect((await reopenTask(admin, task.id)).completedAt).toBeNull();

    // A manager's task for a rep: the rep (assignee) and the manager (creator) may both change it.
    const handed = await createTask(manager, { title: "From the boss", dueOn: "2026-03-12", assigneeId: userId(rep) });
    expect((await updateTask(rep, handed.id, { title: "From the boss, done soon", dueOn: "2026-03-13" })).title).toBe("From the boss, done soon");
    expect((await completeTask(manager, handed.id)).completedAt).toBeInstanceOf(Date);
    // The creator keeps access after handing the task to someone outside their scope (an admin moved it).
    const moved = await updateTask(admin, handed.id, { title: "Moved", dueOn: "2026-03-13", assigneeId: userId(outsider) });
    expect(moved.assigneeId).toBe(userId(outsider));
    await expectAppError(updateTask(rep, handed.id, { title: "x", dueOn: "2026-03-13" }), "NOT_FOUND");
    expect((await reopenTask(manager, handed.id)).completedAt).toBeNull();
  });

  it("edits text, day and assignee, keeps links left out, removes links sent empty, and records the change", async () => {
    const { manager, rep, mate, outsider } = await makeTeams();
    const customer = await makeCustomer(rep);
    const deal = await createDeal(rep, { title: "Deal", amount: "10", customerId: customer.id });
    const task = await createTask(manager, { title: "Plan", dueOn: "2026-03-10", opportunityId: deal.id, assigneeId: userId(rep) });

    const renamed = await updateTask(rep, task.id, { title: "Plan the visit", notes: "Bring samples", dueOn: "2026-03-12" });
    expect(renamed).toMatchObject({ title: "Plan the visit", notes: "Bring samples", dueOn: "2026-03-12", assigneeId: userId(rep), opportunityId: deal.id, customerId: customer.id });
    const [entry] = await auditRows(task.id, "task.update");
    expect(entry?.changes).toEqual({ title: { before: "Plan", after: "Plan the visit" }, notes: { before: null, after: "Bring samples" }, dueOn: { before: "2026-03-10", after: "2026-03-12" } });

    expect(await fieldErrors(updateTask(rep, task.id, { title: "", dueOn: "2026-13-01" }))).toMatchObject({ title: ["validation.required"], dueOn: ["validation.date"] });
    expect(await fieldErrors(updateTask(rep, task.id, { title: "x", dueOn: "2026-03-12", assigneeId: userId(mate) }))).toEqual({ assigneeId: ["validation.taskAssigneeNotAllowed"] });
    expect(await fieldErrors(updateTask(manager, task.id, { title: "x", dueOn: "2026-03-12", assigneeId: userId(outsider) }))).toEqual({ assigneeId: ["validation.taskAssigneeNotAllowed"] });
    expect((await updateTask(manager, task.id, { title: "x", dueOn: "2026-03-12", assigneeId: userId(mate) })).assigneeId).toBe(userId(mate));

    const unlinked = await updateTask(manager, task.id, { title: "x", dueOn: "2026-03-12", opportunityId: "", customerId: "" });
    expect(unlinked).toMatchObject({ opportunityId: null, customerId: null });
    const relinked = await updateTask(manager, task.id, { title: "x", dueOn: "2026-03-12", opportunityId: deal.id });
    expect(relinked).toMatchObject({ opportunityId: deal.id, customerId: customer.id });
  });

  it("completes and reopens once: doing it again changes nothing and records nothing", async () => {
    const rep = await makeActor("sales_rep");
    const task = await createTask(rep, { title: "Once", dueOn: "2026-03-10" });
    const done = await completeTask(rep, task.id);
    expect(done.completedAt).toBeInstanceOf(Date);
    const again = await completeTask(rep, task.id);
    expect(again.completedAt?.getTime()).toBe(done.completedAt?.getTime());
    expect(await auditRows(task.id, "task.complete")).toHaveLength(1);

    expect((await reopenTask(rep, task.id)).completedAt).toBeNull();
    expect((await reopenTask(rep, task.id)).completedAt).toBeNull();
    expect(await auditRows(task.id, "task.reopen")).toHaveLength(1);
  });

  it("deletes a task with an audit row that keeps what it was", async () => {
    const rep = await makeActor("sales_rep");
    const task = await createTask(rep, { title: "Throw away", dueOn: "2026-03-10" });
    await deleteTask(rep, task.id);
    await expectAppError(completeTask(rep, task.id), "NOT_FOUND");
    const [entry] = await auditRows(task.id, "task.delete");
    expect(entry?.changes).toMatchObject({ title: { before: "Throw away", after: null } });
  });

  it("is forbidden to members", async () => {
    const rep = await makeActor("sales_rep");
    const member = await makeActor("member");
    const task = await createTask(rep, { title: "Private", dueOn: "2026-03-10" });
    const customer = await makeCustomer(rep);
    await expectAppError(createTask(member, { title: "x", dueOn: "2026-03-10" }), "FORBIDDEN");
    await expectAppError(updateTask(member, task.id, { title: "x", dueOn: "2026-03-10" }), "FORBIDDEN");
    await expectAppError(completeTask(member, task.id), "FORBIDDEN");
    await expectAppError(reopenTask(member, task.id), "FORBIDDEN");
    await expectAppError(deleteTask(member, task.id), "FORBIDDEN");
    await expectAppError(listMyDay(member), "FORBIDDEN");
    await expectAppError(listTasksFor(member, { customerId: customer.id }), "FORBIDDEN");
    await expectAppError(listTaskAssignees(member), "FORBIDDEN");
    // A member who is somehow signed in with customer details still gets nothing.
    await expectAppError(listMyDay({ ...member, customerId: customer.id } as Actor), "FORBIDDEN");
  });
});

describe("listMyDay", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sorts a person's tasks into days of the organisation's time zone, also when UTC is still on yesterday", async () => {
    const { rep, mate } = await makeTeams();
    // 17:30 UTC on 9 March is 01:30 on 10 March in Asia/Shanghai, the default organisation zone.
    const now = new Date("2026-03-09T17:30:00Z");
    const task = (title: string, dueOn: string, actor: Actor = rep) => createTask(actor, { title, dueOn });
    const due8 = await task("Two days ago", "2026-03-08");
    const due9 = await task("Yesterday in Shanghai, today in UTC", "2026-03-09");
    const due10 = await task("Today in Shanghai", "2026-03-10");
    const due11 = await task("Tomorrow", "2026-03-11");
    const due17 = await task("A week ahead", "2026-03-17");
    await task("Too far ahead", "2026-03-18");
    await task("Someone else's", "2026-03-10", mate);

    vi.useFakeTimers({ toFake: ["Date"] });
    // 23:00 on 9 March in Shanghai: yesterday's work.
    vi.setSystemTime(new Date("2026-03-09T15:00:00Z"));
    const doneYesterday = await task("Done last night", "2026-03-09");
    await completeTask(rep, doneYesterday.id);
    // 00:30 on 10 March in Shanghai (16:30 UTC on the 9th): today's.
    vi.setSystemTime(new Date("2026-03-09T16:30:00Z"));
    const doneEarly = await task("Done after midnight", "2026-03-10");
    await completeTask(rep, doneEarly.id);
    vi.setSystemTime(new Date("2026-03-09T17:00:00Z"));
    const doneLater = await task("Done a bit later", "2026-03-12");
    await completeTask(rep, doneLater.id);
    vi.useRealTimers();

    const day = await listMyDay(rep, now);
    expect(day.day).toBe("2026-03-10");
    expect(day.timeZone).toBe("Asia/Shanghai");
    expect(day.overdue.map((row) => row.id)).toEqual([due8.id, due9.id]);
    expect(day.overdueCount).toBe(2);
    expect(day.today.map((row) => row.id)).toEqual([due10.id]);
    expect(day.upcoming.map((row) => row.id)).toEqual([due11.id, due17.id]);
    expect(day.doneToday.map((row) => row.id)).toEqual([doneLater.id, doneEarly.id]);
    expect(day.today[0]).toMatchObject({ title: "Today in Shanghai", assigneeName: expect.any(String), canEdit: true, customer: null, deal: null });
  });

  it("shows at most ten tasks done today", async () => {
    const rep = await makeActor("sales_rep");
    for (let i = 0; i < 12; i++) {
      const task = await createTask(rep, { title: `Done ${i}`, dueOn: "2026-03-10" });
      await completeTask(rep, task.id);
    }
    const day = await listMyDay(rep);
    expect(day.doneToday).toHaveLength(10);
    expect(day.today).toHaveLength(0);
  });

  it("lists the person's own open deals expected to close this month, by close day, with their total", async () => {
    const { rep, mate } = await makeTeams();
    const customer = await makeCustomer(rep, { name: "Lotus Tea House" });
    const now = new Date("2026-03-09T17:30:00Z");
    const deal = (actor: Actor, title: string, expectedCloseOn: string, amount = "1000") => createDeal(actor, { title, amount, expectedCloseOn, customerId: customer.id });
    const late = await deal(rep, "Late March", "2026-03-31", "2500.50");
    const early = await deal(rep, "Early March", "2026-03-01");
    await deal(rep, "April", "2026-04-01");
    await deal(rep, "February", "2026-02-28");
    await deal(mate, "A teammate's", "2026-03-15");
    await createDeal(rep, { title: "No close day", amount: "10", customerId: customer.id });
    const won = await deal(rep, "Already won", "2026-03-20");
    const pipeline = await getPipeline(rep);
    await moveDeal(seedActor, won.id, { stageId: pipeline.stages.find((stage) => stage.outcome === "won")!.id });

    const { dealsClosing } = await listMyDay(rep, now);
    expect(dealsClosing.deals.map((row) => row.id)).toEqual([early.id, late.id]);
    expect(dealsClosing.deals[1]).toMatchObject({ title: "Late March", amount: 250050, currency: "CNY", expectedCloseOn: "2026-03-31", customerName: "Lotus Tea House", stageName: expect.any(String) });
    expect(dealsClosing).toMatchObject({ total: 350050, currency: "CNY" });

    // 16:30 UTC on 31 March is already 1 April in Shanghai.
    const april = await listMyDay(rep, new Date("2026-03-31T16:30:00Z"));
    expect(april.dealsClosing.deals.map((row) => row.title)).toEqual(["April"]);

    const agent = await makeActor("support_agent");
    expect((await listMyDay(agent, now)).dealsClosing).toEqual({ deals: [], total: 0, currency: "CNY" });
  });
});

describe("listTasksFor", () => {
  it("lists a customer's or deal's open tasks by due day, then the last ten done, as far as the actor may see them", async () => {
    const { manager, rep, mate, outsider } = await makeTeams();
    const customer = await makeCustomer(seedActor);
    const deal = await createDeal(rep, { title: "Deal", amount: "10", customerId: customer.id });
    const later = await createTask(rep, { title: "Later", dueOn: "2026-03-20", customerId: customer.id });
    const sooner = await createTask(mate, { title: "Sooner", dueOn: "2026-03-05", opportunityId: deal.id });
    const hidden = await createTask(outsider, { title: "Another team's", dueOn: "2026-03-01", customerId: customer.id });
    const done = await createTask(rep, { title: "Done", dueOn: "2026-03-01", customerId: customer.id });
    await completeTask(rep, done.id);
    await createTask(rep, { title: "Elsewhere", dueOn: "2026-03-01" });

    const forRep = await listTasksFor(rep, { customerId: customer.id });
    expect(forRep.open.map((row) => row.id)).toEqual([sooner.id, later.id]);
    expect(forRep.done.map((row) => row.id)).toEqual([done.id]);
    expect(forRep.open[0]).toMatchObject({ canEdit: false, deal: { id: deal.id, title: "Deal" }, customer: { id: customer.id } });
    expect(forRep.open[1]).toMatchObject({ canEdit: true, deal: null });
    expect(forRep.open.map((row) => row.id)).not.toContain(hidden.id);

    expect((await listTasksFor(manager, { opportunityId: deal.id })).open).toMatchObject([{ id: sooner.id, canEdit: true }]);
    const admin = await makeActor("admin");
    expect((await listTasksFor(admin, { customerId: customer.id })).open.map((row) => row.id)).toEqual([hidden.id, sooner.id, later.id]);

    for (let i = 0; i < 11; i++) {
      const task = await createTask(rep, { title: `Old ${i}`, dueOn: "2026-03-01", customerId: customer.id });
      await completeTask(rep, task.id);
    }
    const many = await listTasksFor(rep, { customerId: customer.id });
    expect(many.done).toHaveLength(10);
    expect(many.done.map((row) => row.id)).not.toContain(done.id);
  });
});
