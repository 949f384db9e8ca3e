import "server-only";
import { and, asc, eq, exists, gte, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { opportunities, pipelineStages, salesTargets, teamMembers, teams, users, type SalesTarget } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { addMonths, currentMonth, monthPattern } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { readSetting } from "@/lib/settings/queries";
import { moneyInput, parseInput, uuidParam } from "@/lib/validation";
import { mayWrite, salesScope } from "./teams";

const salesRoles = ["admin", "manager", "sales_rep"] as const;

const monthText = z.string({ error: "validation.month" }).trim().regex(monthPattern, { error: "validation.month" });

export const forecastParamsSchema = z.object({
  from: z.string().regex(monthPattern).optional().catch(undefined),
  months: z.coerce.number().int().min(1).max(12).catch(3),
  team: z.union([z.literal("none"), uuidParam]).optional().catch(undefined),
  owner: z.union([z.literal("me"), uuidParam]).optional().catch(undefined),
});
export type ForecastParams = z.infer<typeof forecastParamsSchema>;

/** One owner's (or a group's) figures for a month or a span, in minor units of the organisation currency. */
export type ForecastFigures = {
  /** Open deals expected to close in the month. */
  pipeline: number;
  /** The open deals weighted by their win probability. */
  weighted: number;
  /** Deals won (closed in a won stage) in the month. */
  won: number;
  /** null when no target is set. */
  target: number | null;
  /** won ÷ target; null without a target above zero. */
  attainment: number | null;
};

export type ForecastRow = { ownerId: string; name: string; active: boolean; canSetTarget: boolean; months: ForecastFigures[]; total: ForecastFigures };
export type ForecastGroup = { teamId: string | null; teamName: string | null; rows: ForecastRow[]; months: ForecastFigures[]; total: ForecastFigures };

export type Forecast = {
  params: ForecastParams & { from: string };
  /** The months shown, `YYYY-MM`, in order. */
  months: string[];
  currency: string;
  timeZone: string;
  /** Teams by name; people in no team last. */
  groups: ForecastGroup[];
  /** Every row added up, per month and over the span. */
  monthTotals: ForecastFigures[];
  total: ForecastFigures;
  /** What the team and owner filters offer: the teams and people this actor may read. */
  options: { teams: { id: string; name: string }[]; owners: { id: string; name: string }[] };
};

const empty = (): ForecastFigures => ({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });

function addUp(figures: ForecastFigures[]): ForecastFigures {
  const sum = empty();
  for (const figure of figures) {
    sum.pipeline += figure.pipeline;
    sum.weighted += figure.weighted;
    sum.won += figure.won;
    if (figure.target !== null) sum.target = (sum.target ?? 0) + figure.target;
  }
  return withAttainment(sum);
}

function withAttainment(figures: ForecastFigures): ForecastFigures {
  return { ...figures, attainment: figures.target ? figures.won / figures.target : null };
}

/** Whether a row has anything to show (so a departed colleague's empty row is left out). */
const hasFigures = (figures: ForecastFigures) => figures.pipeline > 0 || figures.won > 0 || figures.target !== null;

/**
 * The sales forecast per owner and month: the open pipeline by expected close month, the same
 * weighted by win probability, what was won, and the target with its attainment, grouped by team.
 * A rep sees their team, a manager the teams they lead and their own, an admin every seller who
 * owns deals or has targets. Months are the organisation's calendar months (its time zone).
 */
export async function getForecast(actor: Actor, rawParams: unknown): Promise<Forecast> {
  assertCan(actor, "forecast.read");
  const parsed = forecastParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { currency, timeZone } = await readSetting("organisation", db);
  const from = parsed.from ?? currentMonth(timeZone);
  const months = Array.from({ length: parsed.months }, (_, index) => addMonths(from, index));
  const start = `${from}-01`;
  const end = `${addMonths(from, parsed.months)}-01`;
  const scope = await salesScope(actor);
  const selfId = actor.kind === "user" ? actor.userId : undefined;
  const owner = parsed.owner === "me" ? selfId : parsed.owner;

  const people = await db
    .select({ id: users.id, name: users.name, active: users.active, teamId: teams.id, teamName: teams.name })
    .from(users)
    .leftJoin(teamMembers, eq(teamMembers.userId, users.id))
    .leftJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(
      scope.read === null
        ? and(
            inArray(users.role, [...salesRoles]),
            or(
              exists(db.select({ one: sql`1` }).from(opportunities).where(eq(opportunities.ownerId, users.id))),
              exists(db.select({ one: sql`1` }).from(salesTargets).where(eq(salesTargets.userId, users.id))),
            ),
          )
        : inArray(users.id, scope.read),
    )
    .orderBy(asc(users.name));

  const chosen = people.filter(
    (person) => (!owner || person.id === owner) && (!parsed.team || (parsed.team === "none" ? person.teamId === null : person.teamId === parsed.team)),
  );
  const ids = chosen.map((person) => person.id);
  const [open, won, targets, allTeams] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .select({
            ownerId: opportunities.ownerId,
            month: sql<string>`to_char(${opportunities.expectedCloseOn}, 'YYYY-MM')`,
            pipeline: sql<number>`sum(${opportunities.amount})`.mapWith(Number),
            // Each deal rounds down to whole minor units before adding up, as `weightedAmount` does.
            weighted: sql<number>`sum(${opportunities.amount} * coalesce(${opportunities.probability}, ${pipelineStages.probability}) / 100)`.mapWith(Number),
          })
          .from(opportunities)
          .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
          .where(
            and(
              inArray(opportunities.ownerId, ids),
              eq(pipelineStages.outcome, "open"),
              eq(opportunities.currency, currency),
              gte(opportunities.expectedCloseOn, start),
              lt(opportunities.expectedCloseOn, end),
            ),
          )
          // By position: the month expression holds a bound parameter in the select list only once.
          .groupBy(sql`1`, sql`2`),
    ids.length === 0
      ? []
      : db
          .select({
            ownerId: opportunities.ownerId,
            month: sql<string>`to_char(${opportunities.closedAt} at time zone ${timeZone}, 'YYYY-MM')`,
            won: sql<number>`sum(${opportunities.amount})`.mapWith(Number),
          })
          .from(opportunities)
          .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
          .where(
            and(
              inArray(opportunities.ownerId, ids),
              eq(pipelineStages.outcome, "won"),
              eq(opportunities.currency, currency),
              sql`${opportunities.closedAt} >= (${start}::timestamp at time zone ${timeZone})`,
              sql`${opportunities.closedAt} < (${end}::timestamp at time zone ${timeZone})`,
            ),
          )
          .groupBy(sql`1`, sql`2`),
    ids.length === 0
      ? []
      : db
          .select({ userId: salesTargets.userId, month: sql<string>`to_char(${salesTargets.month}, 'YYYY-MM')`, amount: salesTargets.amount })
          .from(salesTargets)
          .where(and(inArray(salesTargets.userId, ids), eq(salesTargets.currency, currency), gte(salesTargets.month, start), lt(salesTargets.month, end))),
    scope.read === null ? db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)) : null,
  ]);

  const cells = new Map<string, ForecastFigures>();
  const cell = (ownerId: string, month: string) => {
    const key = `${ownerId} ${month}`;
    let figures = cells.get(key);
    if (!figures) cells.set(key, (figures = empty()));
    return figures;
  };
  for (const row of open) Object.assign(cell(row.ownerId, row.month), { pipeline: row.pipeline, weighted: row.weighted });
  for (const row of won) cell(row.ownerId, row.month).won = row.won;
  for (const row of targets) cell(row.userId, row.month).target = row.amount;

  const maySet = can(actor, "targets.manage");
  const groups = new Map<string, ForecastGroup>();
  for (const person of chosen) {
    const figures = months.map((month) => withAttainment(cells.get(`${person.id} ${month}`) ?? empty()));
    const total = addUp(figures);
    if (!person.active && !hasFigures(total)) continue;
    const key = person.teamId ?? "";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { teamId: person.teamId, teamName: person.teamName, rows: [], months: [], total: empty() }));
    group.rows.push({ ownerId: person.id, name: person.name, active: person.active, canSetTarget: maySet && mayWrite(scope, person.id), months: figures, total });
  }
  const ordered = [...groups.values()].sort((a, b) => (a.teamName === null ? 1 : b.teamName === null ? -1 : a.teamName.localeCompare(b.teamName)));
  for (const group of ordered) {
    group.months = months.map((_, index) => addUp(group.rows.map((row) => row.months[index]!)));
    group.total = addUp(group.months);
  }
  const monthsTotal = months.map((_, index) => addUp(ordered.map((group) => group.months[index]!)));

  const visibleTeams = allTeams ?? [...new Map(people.flatMap((person) => (person.teamId ? [[person.teamId, { id: person.teamId, name: person.teamName! }] as const] : []))).values()];
  return {
    params: { ...parsed, from },
    months,
    currency,
    timeZone,
    groups: ordered,
    monthTotals: monthsTotal,
    total: addUp(monthsTotal),
    options: {
      teams: visibleTeams.sort((a, b) => a.name.localeCompare(b.name)),
      owners: people.map((person) => ({ id: person.id, name: person.name })),
    },
  };
}

const targetSchemaFor = (currency: string) =>
  z.strictObject({
    userId: uuidParam,
    month: monthText,
    amount: moneyInput(currency),
  });
export type TargetInput = z.input<ReturnType<typeof targetSchemaFor>>;

/**
 * Sets a seller's target for a month (in the organisation currency), replacing any earlier one. A
 * manager sets them for the people of the teams they lead and their own; an admin for anyone who sells.
 */
export async function setTarget(actor: Actor, input: unknown): Promise<SalesTarget> {
  assertCan(actor, "targets.manage");
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const values = parseInput(targetSchemaFor(currency), input);
  const scope = await salesScope(actor);
  if (scope.read !== null && !scope.read.includes(values.userId)) throw new AppError("NOT_FOUND");
  const [user] = await db.select({ id: users.id, role: users.role, active: users.active }).from(users).where(eq(users.id, values.userId));
  if (!user) throw new AppError("NOT_FOUND");
  if (!mayWrite(scope, user.id)) throw new AppError("FORBIDDEN");
  if (!user.active || !(salesRoles as readonly string[]).includes(user.role)) {
    throw new AppError("VALIDATION", "errors.VALIDATION", { userId: ["validation.targetUser"] });
  }
  const month = `${values.month}-01`;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(salesTargets)
      .where(and(eq(salesTargets.userId, user.id), eq(salesTargets.month, month)))
      .for("update");
    const fields = { amount: values.amount, currency, setBy: actor.kind === "user" ? actor.userId : null };
    const [target] = (await tx
      .insert(salesTargets)
      .values({ userId: user.id, month, ...fields })
      .onConflictDoUpdate({ target: [salesTargets.userId, salesTargets.month], set: { ...fields, updatedAt: new Date() } })
      .returning()) as [SalesTarget];
    await recordAudit(tx, actor, {
      action: "target.set",
      entityType: "sales_target",
      entityId: target.id,
      before: before ? { userId: before.userId, month: values.month, amount: before.amount, currency: before.currency } : null,
      after: { userId: target.userId, month: values.month, amount: target.amount, currency: target.currency },
    });
    await publishEvent(tx, { type: "target.set", entityType: "sales_target", entityId: target.id, permission: "forecast.read" });
    return target;
  });
}

export type TargetListRow = { userId: string; name: string; teamName: string | null; target: number | null };

/** The people whose targets the actor may set, with each one's target for `month` (`YYYY-MM`), by team and name. */
export async function listTargets(actor: Actor, month: unknown): Promise<{ month: string; currency: string; rows: TargetListRow[] }> {
  assertCan(actor, "targets.manage");
  const parsed = monthText.safeParse(month);
  if (!parsed.success) throw new AppError("VALIDATION", "errors.VALIDATION", { month: ["validation.month"] });
  const db = await getDb();
  const { currency } = await readSetting("organisation", db);
  const scope = await salesScope(actor);
  const rows = await db
    .select({ userId: users.id, name: users.name, teamName: teams.name, target: salesTargets.amount })
    .from(users)
    .leftJoin(teamMembers, eq(teamMembers.userId, users.id))
    .leftJoin(teams, eq(teams.id, teamMembers.teamId))
    .leftJoin(salesTargets, and(eq(salesTargets.userId, users.id), eq(salesTargets.month, `${parsed.data}-01`), eq(salesTargets.currency, currency)))
    .where(and(eq(users.active, true), inArray(users.role, [...salesRoles]), scope.write === null ? undefined : inArray(users.id, scope.write)))
    .orderBy(sql`${teams.name} nulls last`, asc(users.name));
  return { month: parsed.data, currency, rows };
}
