import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { pointsKinds, type TierChange } from "@/db/schema";
import { entryPoints } from "./entry-points";

/*
 * "Every change writes the audit log", checked both ways without running anything: the audit
 * actions each entry point claims in app/entry-points.ts against the actions the code in lib/ can
 * write, read from its source.
 */

const root = path.resolve(import.meta.dirname, "..");
const registry = "app/entry-points.ts";
const thisTest = "app/audit-coverage.test.ts";

/** `recordAudit` itself: its callers say which action, its body only passes it on. */
const writer = "lib/audit/commands.ts";

// Typed by the schema's enum: a reason renamed there fails the type check here.
const tierReasons: TierChange["reason"][] = ["upgrade", "refund", "review"];

/**
 * Actions built from a value known only at run time: each template exactly as lib/ writes it, with
 * every action it can produce. Keep each next to what it mirrors (named in the comment).
 */
const templates: Record<string, string[]> = {
  // lib/membership/ledger.ts `writeEntry`: one action per kind of ledger row.
  "`points.${request.kind}`": pointsKinds.map((kind) => `points.${kind}`),
  // lib/membership/tiers.ts `moveTier`: `settleTier` moves up, or down after a refund; `reviewTier`
  // reviews. Nothing moves a tier by hand, so the enum's "manual" is never written.
  "`membership.tier_${change.reason}`": tierReasons.map((reason) => `membership.tier_${reason}`),
};

/** Actions no entry point writes, with the background job or command that does. */
const systemOnly: Record<string, string> = {
  "points.expire": "the points.expire job (lib/membership/jobs.ts)",
  "membership.tier_review": "the tiers.review job (lib/membership/jobs.ts)",
  "coupon.expire": "the coupons.expire job (lib/membership/jobs.ts)",
  "ticket.sla_breach": "the tickets.sla_check job (lib/service/jobs.ts)",
  "customer.import": "the customer import job that runImportAction queues (lib/customers/import.ts)",
  "user.deactivate": "`npm run crm user:deactivate` (scripts/crm.ts)",
  "user.two_factor_reset": "`npm run crm user:reset-2fa` (scripts/crm.ts)",
};

/**
 * An entry point with no claim must only read: a GET route (nothing changes on GET), one named
 * with a verb that reads, or a server action named for what it fetches.
 */
const readingVerb = /^(search|check|fill|preview|validate)([A-Z]|$)/;
const fetchers = new Set(["(staff)/orders/actions.ts#orderCustomerAction", "(staff)/tickets/actions.ts#customerOrdersAction"]);

function readsOnly(id: string): boolean {
  const route = /^([A-Z]+) (\S+)$/.exec(id);
  if (route) return route[1] === "GET" || readingVerb.test(route[2]!.split("/").at(-1)!);
  return readingVerb.test(id.split("#")[1]!) || fetchers.has(id);
}

type Found = { action: string; at: string };

/**
 * Every audit action the source of lib/ can write, by every way it writes one: the `action` given
 * to `recordAudit`, and audit rows built as objects where a file inserts into `auditLog` itself.
 * An action is a string literal, a ternary of them, a template (expanded, or looked up in
 * `templates`), or a parameter of a helper, followed to the calls of that helper in its file.
 */
function auditActionsInSource(): { found: Found[]; unreadable: string[]; templatesUsed: Set<string> } {
  const found: Found[] = [];
  const unreadable: string[] = [];
  const templatesUsed = new Set<string>();

  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return files(full);
      return /\.ts$/.test(entry.name) && !/\.test(ing)?\.ts$/.test(entry.name) ? [full] : [];
    });

  for (const file of files(path.join(root, "lib"))) {
    const relative = path.relative(root, file).split(path.sep).join("/");
    if (relative === writer) continue;
    const text = readFileSync(file, "utf8");
    if (/insert\s+into\s+"?audit_log/i.test(text)) unreadable.push(`${relative} writes audit_log in SQL: write through recordAudit, so that its action can be read here`);
    if (!text.includes("recordAudit") && !text.includes("auditLog")) continue;

    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const at = (node: ts.Node) => `${relative}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const calls: ts.CallExpression[] = [];
    const objects: ts.ObjectLiteralExpression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) calls.push(node);
      if (ts.isObjectLiteralExpression(node)) objects.push(node);
      ts.forEachChild(node, visit);
    };
    visit(source);
    const calleeName = (call: ts.CallExpression) =>
      ts.isIdentifier(call.expression) ? call.expression.text : ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
    const property = (object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined => {
      for (const member of object.properties) {
        if (ts.isPropertyAssignment(member) && member.name.getText(source) === name) return member.initializer;
        if (ts.isShorthandPropertyAssignment(member) && member.name.text === name) return member.name;
      }
      return undefined;
    };

    /** The actions an expression can hold, or null when it cannot be told from the source. */
    const evaluate = (expression: ts.Expression, depth = 0): Found[] | null => {
      if (depth > 6) return null;
      if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [{ action: expression.text, at: at(expression) }];
      if (ts.isParenthesizedExpression(expression)) return evaluate(expression.expression, depth);
      if (ts.isConditionalExpression(expression)) {
        const [whenTrue, whenFalse] = [evaluate(expression.whenTrue, depth), evaluate(expression.whenFalse, depth)];
        return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : null;
      }
      if (ts.isTemplateExpression(expression)) {
        const listed = templates[expression.getText(source)];
        if (listed) {
          templatesUsed.add(expression.getText(source));
          return listed.map((action) => ({ action, at: at(expression) }));
        }
        let texts = [expression.head.text];
        for (const span of expression.templateSpans) {
          const values = evaluate(span.expression, depth + 1);
          if (!values) return null;
          texts = texts.flatMap((text) => values.map((value) => text + value.action + span.literal.text));
        }
        return texts.map((action) => ({ action, at: at(expression) }));
      }
      if (ts.isIdentifier(expression)) return evaluateName(expression, depth + 1);
      return null;
    };

    /** A local constant's value, or a helper's parameter: what every call of the helper in this file passes. */
    const evaluateName = (name: ts.Identifier, depth: number): Found[] | null => {
      for (let scope: ts.Node | undefined = name.parent; scope; scope = scope.parent) {
        if (!ts.isFunctionLike(scope)) continue;
        let local: ts.VariableDeclaration | undefined;
        const find = (node: ts.Node) => {
          if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text && node.initializer) local ??= node;
          ts.forEachChild(node, find);
        };
        find(scope);
        if (local) return evaluate(local.initializer!, depth);
        const index = scope.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name.text);
        if (index < 0) continue;
        const helper =
          ts.isFunctionDeclaration(scope) && scope.name
            ? scope.name.text
            : ts.isVariableDeclaration(scope.parent) && ts.isIdentifier(scope.parent.name)
              ? scope.parent.name.text
              : undefined;
        const callers = calls.filter((call) => calleeName(call) === helper && call.arguments.length > index);
        if (!helper || callers.length === 0) return null;
        const values = callers.map((call) => evaluate(call.arguments[index]!, depth));
        return values.every((value) => value !== null) ? values.flat() : null;
      }
      return null;
    };

    const read = (expression: ts.Expression | undefined, site: ts.Node) => {
      const values = expression && evaluate(expression);
      if (values) found.push(...values);
      else
        unreadable.push(
          `${at(site)}: cannot tell which audit action this writes (${expression?.getText(source) ?? "no action"}). Pass a string literal or a ternary of them; for a template, add it to \`templates\` in ${thisTest} with every action it can produce`,
        );
    };

    const viaRecordAudit = new Set<ts.Node>();
    for (const call of calls.filter((candidate) => calleeName(candidate) === "recordAudit")) {
      const entry = call.arguments[2];
      if (entry && ts.isObjectLiteralExpression(entry)) {
        viaRecordAudit.add(entry);
        read(property(entry, "action"), call);
      } else read(undefined, call);
    }
    // A file that inserts audit rows itself (many at once) builds each row as an object.
    const insertsRows = calls.some((call) => /^insert/i.test(calleeName(call) ?? "") && call.arguments.some((argument) => ts.isIdentifier(argument) && argument.text === "auditLog"));
    if (insertsRows) {
      for (const row of objects.filter((object) => !viaRecordAudit.has(object) && property(object, "action") && property(object, "entityType"))) read(property(row, "action"), row);
    }
  }
  return { found, unreadable, templatesUsed };
}

const source = auditActionsInSource();
const written = new Map<string, string[]>();
for (const { action, at } of source.found) written.set(action, [...(written.get(action) ?? []), at]);

const app = path.join(root, "app");
const routeFiles = (function routes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? routes(path.join(dir, entry.name)) : entry.name === "route.ts" ? [path.join(dir, entry.name)] : []));
})(app);
// Route groups such as `(staff)` are not part of the URL.
const urlOf = (file: string) => `/${path.relative(app, path.dirname(file)).split(path.sep).filter((part) => !/^\(.*\)$/.test(part)).join("/")}`;

/** The file of an entry point: `file#export` for a server action, `METHOD /url` for a route handler. */
const fileOf = (id: string): string | undefined => (id.includes("#") ? path.join(app, id.split("#")[0]!) : routeFiles.find((file) => urlOf(file) === id.split(" ")[1]));

const importsOf = new Map<string, string[]>();

/** Every file of the project a module imports, directly or through others. */
function importedBy(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (!importsOf.has(file)) {
    const targets = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.flatMap(({ fileName }) => {
      const base = fileName.startsWith("@/") ? path.join(root, fileName.slice(2)) : fileName.startsWith(".") ? path.resolve(path.dirname(file), fileName) : undefined;
      const target = base && [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => existsSync(candidate));
      return target ? [target] : [];
    });
    importsOf.set(file, targets);
  }
  for (const target of importsOf.get(file)!) importedBy(target, seen);
  return seen;
}

const claims = Object.entries(entryPoints).map(([id, rule]) => ({ id, rule, actions: [...(rule.audit ?? []), ...(rule.mayAudit ?? [])] }));
const claimed = new Set(claims.flatMap((claim) => claim.actions));

describe("the audit actions in lib/", () => {
  it("are read through every way lib/ writes them", () => {
    expect(source.unreadable, "audit rows whose action this test cannot read").toEqual([]);
    expect(
      Object.keys(templates).filter((template) => !source.templatesUsed.has(template)),
      `templates listed in ${thisTest} that lib/ no longer writes: remove them`,
    ).toEqual([]);
    // One of each way: a helper's parameter, a row inserted directly, a row built by a helper,
    // a ternary inside a template, a listed template, a nested ternary.
    for (const action of ["customer.create", "customer.bulk_update", "customer.import", "membership.freeze", "points.expire", "deal.won"]) {
      expect([...written.keys()], `${action} is written in lib/ but was not found`).toContain(action);
    }
  });
});

describe("the audit claims of app/entry-points.ts", () => {
  it("give every entry point that changes data its audit actions, or the reason it has none", () => {
    const problems: string[] = [];
    for (const { id, rule } of claims) {
      if (rule.audit?.length === 0 || rule.mayAudit?.length === 0) problems.push(`${id}: an empty list; name the actions, or drop the field`);
      if (rule.notAudited !== undefined && !rule.notAudited.trim()) problems.push(`${id}: notAudited needs the reason`);
      if (rule.audit || rule.mayAudit || rule.notAudited !== undefined || readsOnly(id)) continue;
      problems.push(
        `${id} may change data but names no audit action. In ${registry} give it \`audit: ["…"]\` (the actions its domain function passes to recordAudit; ` +
          "`mayAudit` for those only some calls write), or `notAudited: \"why\"` when the change has no audit row on purpose. " +
          "If it only reads, make it a GET route or name it with a reading verb (search…, check…, fill…, preview…, validate…).",
      );
    }
    expect(problems, "entry points without an audit claim").toEqual([]);
  });

  it("claim only actions that lib/ writes", () => {
    const problems = claims.flatMap(({ id, actions }) =>
      actions
        .filter((action) => !written.has(action))
        .map((action) => {
          const near = [...written.keys()].filter((known) => known.split(".")[0] === action.split(".")[0]).sort();
          return `${id} claims "${action}", which nothing in lib/ writes: correct it in ${registry}${near.length ? ` (lib/ writes ${near.join(", ")})` : ""}`;
        }),
    );
    expect(problems, "claimed audit actions that are never written").toEqual([]);
  });

  it("name only actions the entry point's own code can write", () => {
    const problems: string[] = [];
    for (const { id, actions } of claims.filter((claim) => claim.actions.length > 0)) {
      const file = fileOf(id);
      if (!file) {
        problems.push(`${id}: no file found for this entry point`);
        continue;
      }
      const reachable = new Set([...importedBy(file)].map((found) => path.relative(root, found).split(path.sep).join("/")));
      for (const action of actions.filter((candidate) => written.has(candidate))) {
        const files = [...new Set(written.get(action)!.map((place) => place.split(":")[0]!))];
        if (files.some((candidate) => reachable.has(candidate))) continue;
        problems.push(
          `${id} claims "${action}", which only ${files.join(", ")} writes, and ${path.relative(root, file)} does not import that (directly or through other modules): ` +
            `move the claim in ${registry} to the entry points that call it`,
        );
      }
    }
    expect(problems, "claims of actions the entry point cannot write").toEqual([]);
  });

  it("cover every action lib/ writes, except those only a background job or the command line writes", () => {
    const problems: string[] = [];
    for (const [action, places] of [...written].sort(([a], [b]) => a.localeCompare(b))) {
      if (claimed.has(action) || action in systemOnly) continue;
      problems.push(
        `"${action}" is written at ${[...new Set(places)].join(", ")} but no entry point claims it: add it to the \`audit\` (or \`mayAudit\`) of every entry point in ${registry} ` +
          `whose domain function writes it; if only a background job or the command line writes it, add it to \`systemOnly\` in ${thisTest}, naming which.`,
      );
    }
    for (const [action, by] of Object.entries(systemOnly)) {
      if (!written.has(action)) problems.push(`"${action}" (${by}) is listed in \`systemOnly\` in ${thisTest} but nothing in lib/ writes it: remove it`);
      const claimants = claims.filter((claim) => claim.actions.includes(action)).map((claim) => claim.id);
      if (claimants.length) problems.push(`"${action}" is listed in \`systemOnly\` in ${thisTest} but ${claimants.join(", ")} claims it: remove it from \`systemOnly\``);
    }
    expect(problems, "audit actions no entry point accounts for").toEqual([]);
  });
});
