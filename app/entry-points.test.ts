import type { Session } from "next-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { rolesWith, staffRoles, systemActor, type Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { makeMemberAccount, makeUser } from "@/lib/factories";
import { createApiKey } from "@/lib/integration/api-keys";
import { scopeAllows, scopes, type Scope } from "@/lib/integration/scopes";
import { entryPoints, type EntryRule } from "./entry-points";
import { routeHandlers, serverActions } from "./entry-points.testing";

// The session each call runs as, read by `auth()` the way the app reads the session cookie.
const current = vi.hoisted(() => ({ session: null as Session | null }));
vi.mock("@/lib/auth/config", () => ({
  auth: async () => current.session,
  signIn: async () => undefined,
  signOut: async () => undefined,
  // Auth.js's own endpoints: only their presence is checked here.
  handlers: { GET: async () => new Response("{}"), POST: async () => new Response("{}") },
}));
vi.mock("next-auth", () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined, refresh: () => undefined }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "en" }));
// Outside a request React keeps what `cache` returned for good; every call here must see its own session.
vi.mock("react", async (original) => ({ ...(await original<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

type Caller = Role | "anonymous";
const callers: Caller[] = ["anonymous", ...staffRoles, "member"];
const sessions = new Map<Caller, Session | null>([["anonymous", null]]);
const sessionOf = (id: string, role: Role): Session => ({ user: { id, role, sessionVersion: 1, signedInAt: Date.now(), seenAt: Date.now() }, expires: "" }) as Session;

const actions = await serverActions();
const routes = await routeHandlers();

beforeAll(async () => {
  for (const role of staffRoles) sessions.set(role, sessionOf((await makeUser(role)).id, role));
  const { actor } = await makeMemberAccount();
  sessions.set("member", sessionOf(actor.kind === "user" ? actor.userId : "", "member"));
});

const permissionsOf = (rule: EntryRule) => ("permission" in rule ? [rule.permission].flat() : []);

describe("the registry of entry points", () => {
  it("names every server action and route handler the app has, and nothing it has not", () => {
    const found = [...actions.map((action) => action.id), ...routes.map((route) => route.id)].sort();
    const registered = Object.keys(entryPoints).sort();
    expect(found.filter((id) => !registered.includes(id)), "entry points without a rule in app/entry-points.ts").toEqual([]);
    expect(registered.filter((id) => !found.includes(id)), "rules for entry points that do not exist").toEqual([]);
  });

  it("gives every REST API route the scope its operation checks", () => {
    for (const route of routes.filter((candidate) => candidate.id.includes(" /api/v1/") && candidate.handler.operation)) {
      expect(entryPoints[route.id], route.id).toMatchObject({ scope: route.handler.operation!.scope });
    }
  });
});

/** What a call came to: sent elsewhere, refused, or through the gate to the domain's answer. */
type Outcome = { kind: "redirect"; to: string } | { kind: "refused" } | { kind: "reached" } | { kind: "failed"; detail: string };

async function callAction(fn: (...args: unknown[]) => Promise<unknown>, name: string): Promise<Outcome> {
  // Form actions take (previous state, form data); the few others take one value.
  const args = fn.length === 2 ? [null, new FormData()] : name === "setLocaleAction" ? [new FormData()] : [""];
  try {
    const result = (await fn(...args)) as { ok?: boolean; formError?: string } | undefined;
    if (result?.ok === false && result.formError === "errors.FORBIDDEN") return { kind: "refused" };
    if (result?.ok === false && result.formError === "errors.unexpected") return { kind: "failed", detail: "an unexpected error" };
    return { kind: "reached" };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return { kind: "redirect", to: digest.split(";")[2]! };
    if (error instanceof AppError) return error.code === "FORBIDDEN" ? { kind: "refused" } : { kind: "reached" };
    return { kind: "failed", detail: String(error) };
  }
}

function expectedAction(rule: EntryRule, caller: Caller): Outcome {
  if ("public" in rule) return { kind: "reached" };
  if ("portal" in rule) {
    if (caller === "anonymous") return { kind: "redirect", to: "/portal/login" };
    return caller === "member" ? { kind: "reached" } : { kind: "redirect", to: "/customers" };
  }
  if (caller === "anonymous") return { kind: "redirect", to: "/login" };
  if (caller === "member") return { kind: "redirect", to: "/portal" };
  // A server action for any signed-in staff member, about their own account.
  if ("signedIn" in rule) return { kind: "reached" };
  return permissionsOf(rule).every((permission) => rolesWith(permission).includes(caller)) ? { kind: "reached" } : { kind: "refused" };
}

describe("every server action, called by every role, a member and the signed-out", () => {
  it.for(actions.map((action) => [action.id, action] as const))("%s", async ([id, action]) => {
    const rule = entryPoints[id];
    expect(rule, `${id} has no rule`).toBeDefined();
    for (const caller of callers) {
      current.session = sessions.get(caller) ?? null;
      expect(await callAction(action.fn, action.name), `${id} as ${caller}`).toEqual(expectedAction(rule!, caller));
    }
  });
});

/** A request to a route, with every path parameter an id that exists nowhere. */
async function callRoute(route: (typeof routes)[number], headers: Record<string, string> = {}): Promise<number> {
  const path = route.id.split(" ")[1]!;
  const params = Object.fromEntries([...path.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map(([, name]) => [name!, name === "nextauth" ? ["session"] : crypto.randomUUID()]));
  const url = `http://localhost${path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_match, name: string) => String(params[name]))}`;
  const body = route.method === "GET" ? undefined : "{}";
  const controller = new AbortController();
  const response = await route.handler(new Request(url, { method: route.method, headers: { "content-type": "application/json", ...headers }, body, signal: controller.signal }), {
    params: Promise.resolve(params as Record<string, string>),
  });
  // A stream (live events) is not read to its end.
  controller.abort();
  await response.body?.cancel().catch(() => undefined);
  return response.status;
}

describe("every route handler", () => {
  const sessionRoutes = routes.filter((route) => !("scope" in (entryPoints[route.id] ?? {})));
  it.for(sessionRoutes.map((route) => [route.id, route] as const))("%s, called by every role, a member and the signed-out", async ([id, route]) => {
    const rule = entryPoints[id]!;
    for (const caller of callers) {
      current.session = sessions.get(caller) ?? null;
      const status = await callRoute(route);
      const where = `${id} as ${caller}: ${status}`;
      expect(status, where).toBeLessThan(500);
      // A public entry point has no session gate: what protects it is named in its rule.
      if ("public" in rule) continue;
      if ("portal" in rule) {
        expect(status === 200, where).toBe(caller === "member");
      } else if (caller === "anonymous") {
        expect(status, where).toBe(401);
      } else if ("signedIn" in rule) {
        expect([401, 403], where).not.toContain(status);
      } else {
        const allowed = caller !== "member" && permissionsOf(rule).every((permission) => rolesWith(permission).includes(caller));
        if (allowed) expect([401, 403], where).not.toContain(status);
        else expect(status, where).toBe(403);
      }
    }
  });

  const apiRoutes = routes.filter((route) => "scope" in (entryPoints[route.id] ?? {}));
  const keys = new Map<Scope, string>();
  beforeAll(async () => {
    for (const scope of scopes) keys.set(scope, (await createApiKey(systemActor("test"), { name: `only ${scope}`, scopes: [scope] })).secret);
  });

  it.for(apiRoutes.map((route) => [route.id, route] as const))("%s, called without a key and with a key of each scope", async ([id, route]) => {
    const needed = (entryPoints[id] as { scope: Scope }).scope;
    expect(await callRoute(route), `${id} without a key`).toBe(401);
    expect(await callRoute(route, { authorization: "Bearer mcrm_00000000_not-a-key" }), `${id} with a made-up key`).toBe(401);
    for (const scope of scopes) {
      const status = await callRoute(route, { authorization: `Bearer ${keys.get(scope)}` });
      const where = `${id} with a ${scope} key: ${status}`;
      expect(status, where).toBeLessThan(500);
      if (scopeAllows([scope], needed)) expect([401, 403], where).not.toContain(status);
      else expect(status, where).toBe(403);
    }
  });
});
