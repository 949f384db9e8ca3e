import "server-only";
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { customers, opportunities, pipelineStages, tasks, users, type Task } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, staffRoles, type Actor } from "@/lib/auth/permissions";
import { getCustomer, visibleCustomerId } from "@/lib/customers/queries";
import { dayIn, startOfDayIn } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { readSetting } from "@/lib/settings/queries";
import { calendarDay, optionalText, parseInput, requiredText, uuidParam } from "@/lib/validation";
import { salesScope, type SalesScope } from "./teams";

const blankTo = <T>(empty: T) => (value: unknown) => (typeof value === "string" && value.trim() === "" ? empty : value);

/** An id a form may leave empty: empty and missing both mean none. */
const optionalId = z.preprocess(blankTo(undefined), uuidParam.optional());
/** On an edit, a missing id keeps the current link and an empty one removes it. */
const changeableId = z.preprocess(blankTo(null), uuidParam.nullable().optional());
const dueDay = z.preprocess(blankTo(undefined), z.string({ error: "validation.required" }).pipe(calendarDay));

const taskCreateSchema = z.strictObject({
  title: requiredText(160),
  notes: optionalText(2000),
  dueOn: dueDay,
  assigneeId: optionalId,
  customerId: optionalId,
  opportunityId: optionalId,
});
export type TaskCreateInput = z.input<typeof taskCreateSchema>;

const taskUpdateSchema = z.strictObject({
  title: requiredText(160),
  notes: optionalText(2000),
  dueOn: dueDay,
  assigneeId: optionalId,
  customerId: changeableId,
  opportunityId: changeableId,
});
export type TaskUpdateInput = z.input<typeof taskUpdateSchema>;

export type TaskLink = { customerId: string } | { opportunityId: string };

const selfId = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** Whether the actor may give tasks to other people (managers within their teams, admins to anyone). */
export function mayAssignOthers(actor: Actor): boolean {
  return actor.kind === "system" || actor.role === "admin" || actor.role === "manager";
}

/**
 * Who may change a task: its assignee, its creator, and managers and admins whose scope covers
 * the assignee. Reps and agents write only their own, so their scope adds nobody.
 */
function editableBy(actor: Actor, scope: SalesScope): SQL | undefined {
  if (scope.write === null) return undefined;
  const me = selfId(actor)!;
  return or(eq(tasks.assigneeId, me), eq(tasks.createdBy, me), mayAssignOthers(actor) ? inArray(tasks.assigneeId, scope.write) : undefined);
}

/** Tasks the actor may see on a customer's or deal's page: their own and those of the people whose deals they read. */
function readableBy(actor: Actor, scope: SalesScope): SQL | undefined {
  if (scope.read === null) return undefined;
  const me = selfId(actor)!;
  return or(eq(tasks.assigneeId, me), eq(tasks.createdBy, me), inArray(tasks.assigneeId, scope.read));
}

function canEdit(actor: Actor, scope: SalesScope, task: Pick<Task, "assigneeId" | "createdBy">): boolean {
  if (scope.write === null) return true;
  const me = selfId(actor);
  return task.assigneeId === me || task.createdBy === me || (mayAssignOthers(actor) && scope.write.includes(task.assigneeId));
}

/**
 * A task the actor may change, locked for the transaction, or NOT_FOUND. The scope is read before
 * the transaction: the embedded database runs one transaction at a time, so a read outside it
 * would wait for it forever.
 */
async function editableTask(tx: Database, actor: Actor, scope: SalesScope, taskId: unknown): Promise<Task> {
  const id = uuidParam.safeParse(taskId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [task] = await tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id.data), editableBy(actor, scope)))
    .for("update");
  if (!task) throw new AppError("NOT_FOUND");
  return task;
}

type Problems = Record<string, string[]>;

/** The assignee: the actor unless given; reps and agents only themselves, managers their teams, admins any active staff. */
async function resolveAssignee(db: Database, actor: Actor, scope: SalesScope, requested: string | undefined, current: string | undefined, problems: Problems): Promise<string> {
  const wanted = requested ?? current ?? selfId(actor);
  if (!wanted) {
    problems.assigneeId = ["validation.required"];
    return "";
  }
  if (wanted === current || wanted === selfId(actor)) return wanted;
  const notAllowed = () => {
    problems.assigneeId = ["validation.taskAssigneeNotAllowed"];
    return wanted;
  };
  if (!mayAssignOthers(actor)) return notAllowed();
  if (scope.write !== null && !scope.write.includes(wanted)) return notAllowed();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, wanted), eq(users.active, true), inArray(users.role, [...staffRoles])));
  return user ? wanted : notAllowed();
}

/** A deal's customer when the actor may read the deal; null otherwise. */
async function readableDealCustomer(db: Database, actor: Actor, scope: SalesScope, dealId: string): Promise<string | null> {
  if (!can(actor, "deals.read")) return null;
  const [deal] = await db
    .select({ customerId: opportunities.customerId })
    .from(opportunities)
    .where(and(eq(opportunities.id, dealId), scope.read === null ? undefined : inArray(opportunities.ownerId, scope.read)));
  return deal?.customerId ?? null;
}

/**
 * The customer and deal a task is about. A deal given without a customer brings its own; given
 * both, they must belong together. Links that did not change are kept without checking again, so
 * an edit does not fail because a deal moved out of the editor's sight.
 */
async function resolveLinks(
  db: Database,
  actor: Actor,
  scope: SalesScope,
  requested: { customerId?: string | null; opportunityId?: string | null },
  current: { customerId: string | null; opportunityId: string | null } | undefined,
  problems: Problems,
): Promise<{ customerId: string | null; opportunityId: string | null }> {
  const opportunityId = requested.opportunityId === undefined ? (current?.opportunityId ?? null) : requested.opportunityId;
  let dealCustomerId: string | null = null;
  if (opportunityId && opportunityId === current?.opportunityId) {
    const [deal] = await db.select({ customerId: opportunities.customerId }).from(opportunities).where(eq(opportunities.id, opportunityId));
    dealCustomerId = deal?.customerId ?? null;
  } else if (opportunityId) {
    dealCustomerId = await readableDealCustomer(db, actor, scope, opportunityId);
    if (!dealCustomerId) problems.opportunityId = ["validation.taskDealUnknown"];
  }

  const given = requested.customerId;
  let customerId = given === undefined ? (current?.customerId ?? null) : given;
  if (given && given !== current?.customerId) {
    const visible = await getCustomer(actor, given, db).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === "NOT_FOUND") return false;
        throw error;
      },
    );
    if (!visible) problems.customerId = ["validation.taskCustomerUnknown"];
  }
  if (dealCustomerId) {
    const explicit = given !== undefined && given !== null;
    if (explicit && given !== dealCustomerId && !problems.customerId) problems.customerId = ["validation.taskCustomerNotDeal"];
    customerId = dealCustomerId;
  }
  return { customerId, opportunityId };
}

function throwProblems(problems: Problems) {
  if (Object.keys(problems).length) throw new AppError("VALIDATION", "errors.VALIDATION", problems);
}

const auditFields = ["title", "notes", "dueOn", "assigneeId", "customerId", "opportunityId"] as const;
const auditView = (task: Task) => Object.fromEntries(auditFields.map((field) => [field, task[field]]));

const taskEvent = (tx: Database, task: Pick<Task, "id">, type: string) => publishEvent(tx, { type, entityType: "task", entityId: task.id, permission: "tasks.write" });

export async function createTask(actor: Actor, input: unknown): Promise<Task> {
  assertCan(actor, "tasks.write");
  const values = parseInput(taskCreateSchema, input);
  const db = await getDb();
  const scope = await salesScope(actor);
  const problems: Problems = {};
  const assigneeId = await resolveAssignee(db, actor, scope, values.assigneeId, undefined, problems);
  const links = await resolveLinks(db, actor, scope, values, undefined, problems);
  throwProblems(problems);
  return db.transaction(async (tx) => {
    const [task] = (await tx
      .insert(tasks)
      .values({ title: values.title, notes: values.notes ?? null, dueOn: values.dueOn, assigneeId, ...links, createdBy: selfId(actor) })
      .returning()) as [Task];
    await recordAudit(tx, actor, { action: "task.create", entityType: "task", entityId: task.id, after: auditView(task) });
    await taskEvent(tx, task, "task.created");
    return task;
  });
}

/** Edits a task's text, day, assignee and links; links left out of the input stay as they are. */
export async function updateTask(actor: Actor, taskId: unknown, input: unknown): Promise<Task> {
  assertCan(actor, "tasks.write");
  const values = parseInput(taskUpdateSchema, input);
  const db = await getDb();
  const scope = await salesScope(actor);
  return db.transaction(async (tx) => {
    const before = await editableTask(tx, actor, scope, taskId);
    const problems: Problems = {};
    const assigneeId = await resolveAssignee(tx, actor, scope, values.assigneeId, before.assigneeId, problems);
    const links = await resolveLinks(tx, actor, scope, values, before, problems);
    throwProblems(problems);
    const [task] = (await tx
      .update(tasks)
      .set({ title: values.title, notes: values.notes ?? null, dueOn: values.dueOn, assigneeId, ...links })
      .where(eq(tasks.id, before.id))
      .returning()) as [Task];
    await recordAudit(tx, actor, { action: "task.update", entityType: "task", entityId: task.id, before: auditView(before), after: auditView(task) });
    await taskEvent(tx, task, "task.updated");
    return task;
  });
}

/** Marks a task done. Completing a task that is already done changes nothing (a second click, another tab). */
export async function completeTask(actor: Actor, taskId: unknown): Promise<Task> {
  assertCan(actor, "tasks.write");
  const db = await getDb();
  const scope = await salesScope(actor);
  return db.transaction(async (tx) => {
    const before = await editableTask(tx, actor, scope, taskId);
    if (before.completedAt) return before;
    const [task] = (await tx.update(tasks).set({ completedAt: new Date() }).where(eq(tasks.id, before.id)).returning()) as [Task];
    await recordAudit(tx, actor, { action: "task.complete", entityType: "task", entityId: task.id, before: { completedAt: null }, after: { completedAt: task.completedAt } });
    await taskEvent(tx, task, "task.completed");
    return task;
  });
}

/** Opens a done task again. Reopening an open task changes nothing. */
export async function reopenTask(actor: Actor, taskId: unknown): Promise<Task> {
  assertCan(actor, "tasks.write");
  const db = await getDb();
  const scope = await salesScope(actor);
  return db.transaction(async (tx) => {
    const before = await editableTask(tx, actor, scope, taskId);
    if (!before.completedAt) return before;
    const [task] = (await tx.update(tasks).set({ completedAt: null }).where(eq(tasks.id, before.id)).returning()) as [Task];
    await recordAudit(tx, actor, { action: "task.reopen", entityType: "task", entityId: task.id, before: { completedAt: before.completedAt }, after: { completedAt: null } });
    await taskEvent(tx, task, "task.reopened");
    return task;
  });
}

export async function deleteTask(actor: Actor, taskId: unknown): Promise<Task> {
  assertCan(actor, "tasks.write");
  const db = await getDb();
  const scope = await salesScope(actor);
  return db.transaction(async (tx) => {
    const task = await editableTask(tx, actor, scope, taskId);
    await tx.delete(tasks).where(eq(tasks.id, task.id));
    await recordAudit(tx, actor, { action: "task.delete", entityType: "task", entityId: task.id, before: { ...auditView(task), completedAt: task.completedAt } });
    await taskEvent(tx, task, "task.deleted");
    return task;
  });
}

export type TaskRow = {
  id: string;
  title: string;
  notes: string | null;
  dueOn: string;
  completedAt: Date | null;
  assigneeId: string;
  assigneeName: string;
  createdBy: string | null;
  /** Null when the customer was deleted. */
  customer: { id: string; name: string } | null;
  /** Null when the actor may not read the deal. */
  deal: { id: string; number: number; title: string } | null;
  canEdit: boolean;
};

const assignee = alias(users, "assignee");

/** Task rows with their assignee, customer and (readable) deal; `where` picks which. */
async function selectTasks(db: Database, actor: Actor, scope: SalesScope, where: SQL | undefined, order: SQL[], limit: number): Promise<TaskRow[]> {
  const dealReadable = can(actor, "deals.read") ? (scope.read === null ? sql`true` : inArray(opportunities.ownerId, scope.read)) : sql`false`;
  const rows = await db
    .select({
      task: tasks,
      assigneeName: assignee.name,
      customerName: customers.name,
      customerId: customers.id,
      dealId: opportunities.id,
      dealNumber: opportunities.number,
      dealTitle: opportunities.title,
    })
    .from(tasks)
    .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(customers, and(eq(customers.id, tasks.customerId), isNull(customers.deletedAt)))
    .leftJoin(opportunities, and(eq(opportunities.id, tasks.opportunityId), dealReadable))
    .where(where)
    .orderBy(...order, asc(tasks.createdAt), asc(tasks.id))
    .limit(limit);
  return rows.map(({ task, ...row }) => ({
    id: task.id,
    title: task.title,
    notes: task.notes,
    dueOn: task.dueOn,
    completedAt: task.completedAt,
    assigneeId: task.assigneeId,
    assigneeName: row.assigneeName,
    createdBy: task.createdBy,
    customer: row.customerId && row.customerName !== null ? { id: row.customerId, name: row.customerName } : null,
    deal: row.dealId && row.dealNumber !== null && row.dealTitle !== null ? { id: row.dealId, number: row.dealNumber, title: row.dealTitle } : null,
    canEdit: canEdit(actor, scope, task),
  }));
}

/** `day` (`YYYY-MM-DD`) moved by whole days. */
function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The last day of the month of `day`. */
function endOfMonth(day: string): string {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** How many days ahead "upcoming" looks, after today. */
export const upcomingDays = 7;
const doneTodayLimit = 10;
const bucketLimit = 200;

export type DealClosing = {
  id: string;
  number: number;
  title: string;
  amount: number;
  currency: string;
  expectedCloseOn: string;
  customerId: string;
  customerName: string;
  stageName: string;
};

export type MyDay = {
  /** Today in the organisation's time zone, `YYYY-MM-DD`. */
  day: string;
  timeZone: string;
  overdue: TaskRow[];
  /** All overdue tasks, also when more than the list shows. */
  overdueCount: number;
  today: TaskRow[];
  upcoming: TaskRow[];
  doneToday: TaskRow[];
  dealsClosing: { deals: DealClosing[]; total: number; currency: string };
};

/**
 * A person's day, in the organisation's time zone: their open tasks that are overdue, due today
 * and due in the next week; what they finished today; and their open deals expected to close this
 * month, with the total in the organisation's currency.
 */
export async function listMyDay(actor: Actor, now: Date = new Date()): Promise<MyDay> {
  assertCan(actor, "tasks.write");
  const me = selfId(actor);
  if (!me) throw new AppError("FORBIDDEN");
  const db = await getDb();
  const { timeZone, currency } = await readSetting("organisation", db);
  const scope = await salesScope(actor);
  const today = dayIn(now, timeZone);
  const tomorrow = addDays(today, 1);
  const mine = eq(tasks.assigneeId, me);
  const open = and(mine, isNull(tasks.completedAt));
  const [overdue, [overdueTotal], dueToday, upcoming, doneToday, deals] = await Promise.all([
    selectTasks(db, actor, scope, and(open, lt(tasks.dueOn, today)), [asc(tasks.dueOn)], bucketLimit),
    db
      .select({ n: count() })
      .from(tasks)
      .where(and(open, lt(tasks.dueOn, today))),
    selectTasks(db, actor, scope, and(open, eq(tasks.dueOn, today)), [], bucketLimit),
    selectTasks(db, actor, scope, and(open, gt(tasks.dueOn, today), lte(tasks.dueOn, addDays(today, upcomingDays))), [asc(tasks.dueOn)], bucketLimit),
    selectTasks(
      db,
      actor,
      scope,
      and(mine, isNotNull(tasks.completedAt), gte(tasks.completedAt, startOfDayIn(today, timeZone)), lt(tasks.completedAt, startOfDayIn(tomorrow, timeZone))),
      [desc(tasks.completedAt)],
      doneTodayLimit,
    ),
    can(actor, "deals.read")
      ? db
          .select({
            id: opportunities.id,
            number: opportunities.number,
            title: opportunities.title,
            amount: opportunities.amount,
            currency: opportunities.currency,
            expectedCloseOn: opportunities.expectedCloseOn,
            customerId: customers.id,
            customerName: customers.name,
            stageName: pipelineStages.name,
          })
          .from(opportunities)
          .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
          .innerJoin(customers, eq(customers.id, opportunities.customerId))
          .where(
            and(
              eq(opportunities.ownerId, me),
              eq(pipelineStages.outcome, "open"),
              gte(opportunities.expectedCloseOn, `${today.slice(0, 7)}-01`),
              lte(opportunities.expectedCloseOn, endOfMonth(today)),
            ),
          )
          .orderBy(asc(opportunities.expectedCloseOn), asc(opportunities.number))
      : Promise.resolve([]),
  ]);
  const closing = deals.map((deal) => ({ ...deal, expectedCloseOn: deal.expectedCloseOn! }));
  // Deals in another currency are listed but cannot be added to the organisation's total.
  const total = closing.filter((deal) => deal.currency === currency).reduce((sum, deal) => sum + deal.amount, 0);
  return {
    day: today,
    timeZone,
    overdue,
    overdueCount: overdueTotal?.n ?? 0,
    today: dueToday,
    upcoming,
    doneToday,
    dealsClosing: { deals: closing, total, currency },
  };
}

const doneOnPanel = 10;
const openOnPanel = 200;

/**
 * The tasks about one customer or one deal that the actor may see: open ones by due day, then the
 * last ten done. NOT_FOUND when the actor may not see the customer or the deal.
 */
export async function listTasksFor(actor: Actor, link: TaskLink): Promise<{ open: TaskRow[]; done: TaskRow[] }> {
  assertCan(actor, "tasks.write");
  const db = await getDb();
  const scope = await salesScope(actor);
  let about: SQL;
  if ("opportunityId" in link) {
    const id = uuidParam.safeParse(link.opportunityId);
    if (!id.success || !(await readableDealCustomer(db, actor, scope, id.data))) throw new AppError("NOT_FOUND");
    about = eq(tasks.opportunityId, id.data);
  } else {
    about = eq(tasks.customerId, await visibleCustomerId(actor, link.customerId));
  }
  const visible = readableBy(actor, scope);
  const [open, done] = await Promise.all([
    selectTasks(db, actor, scope, and(about, visible, isNull(tasks.completedAt)), [asc(tasks.dueOn)], openOnPanel),
    selectTasks(db, actor, scope, and(about, visible, isNotNull(tasks.completedAt)), [desc(tasks.completedAt)], doneOnPanel),
  ]);
  return { open, done };
}

/** The people the actor may give a task to, by name: themselves, their teams (managers), all active staff (admins). */
export async function listTaskAssignees(actor: Actor): Promise<{ id: string; name: string }[]> {
  assertCan(actor, "tasks.write");
  const me = selfId(actor);
  const db = await getDb();
  if (!mayAssignOthers(actor)) {
    return me ? db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, me)) : [];
  }
  const scope = await salesScope(actor);
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, [...staffRoles]), scope.write === null ? undefined : inArray(users.id, scope.write)))
    .orderBy(asc(users.name));
}
