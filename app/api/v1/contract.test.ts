import { beforeAll, describe, expect, it } from "vitest";
import { scopes, type Scope } from "@/lib/integration/scopes";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { apiRouteHandlers } from "./routes.testing";

/**
 * What every operation of the API answers alike, whatever it does: checked for each route handler
 * found under app/api/v1, so that a new endpoint is held to it without a test of its own.
 */
const routes = (await apiRouteHandlers()).filter((route) => route.path !== "/openapi.json");
const notAnId = "not-an-id";
const paramsOf = (path: string, value: string) => Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, value]));

/** Values no field expects: wrong types, extremes, injection and markup. */
const hostile: unknown[] = [null, true, 0, -1, 1e308, -1e308, 0.5, "", " ", "x".repeat(20_000), "'; drop table customers; --", "<img src=x onerror=alert(1)>", "2026-02-31", "\u0000", "😀".repeat(50), [], [null], {}, { $gt: "" }];

/** The field names of an object schema (a query or a body), or none. */
const fieldsOf = (schema: unknown): string[] => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
};

const keys = new Map<Scope, string>();
let fullKey: string;
/** For the many requests of the hostile-input tests, which would pass the usual limit. */
let tirelessKey: string;

beforeAll(async () => {
  fullKey = await makeApiKey([...scopes]);
  tirelessKey = await makeApiKey([...scopes], { rateLimitPerMinute: 100_000 });
  for (const scope of scopes) keys.set(scope, await makeApiKey([scope]));
});

describe.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", (_name, { path, handler }) => {
  const operation = handler.operation!;
  const params = paramsOf(path, crypto.randomUUID());

  it("answers 401 without a key and with a key that is not one", async () => {
    for (const key of [undefined, "mcrm_00000000_" + "A".repeat(43)]) {
      const response = await callApi(handler, { key, path, params, body: operation.body ? {} : undefined });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthenticated");
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers 403 to a key without its scope", async () => {
    // Every scope but the operation's own and its resource's write scope: also those that share
    // permissions with it (orders:write reads balances, yet opens no membership endpoint).
    const others = scopes.filter((scope) => scope !== operation.scope && scope !== operation.scope.replace(/:read$/, ":write"));
    expect(others.length).toBe(scopes.length - (operation.scope.endsWith(":read") ? 2 : 1));
    for (const scope of others) {
      const response = await callApi(handler, { key: keys.get(scope), path, params, body: operation.body ? {} : undefined });
      expect(response.status, `with ${scope}`).toBe(403);
      expect(response.body.error.code).toBe("insufficient_scope");
    }
  });

  if (path.includes("{")) {
    it("answers 404 to an id that is not an id", async () => {
      const response = await callApi(handler, { key: fullKey, path, params: paramsOf(path, notAnId), body: operation.body ? {} : undefined });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    });
  }

  if (operation.body) {
    it("answers 400 to a body that is not JSON, and 422 naming a field it does not accept", async () => {
      const malformed = await callApi(handler, { key: fullKey, path, params, body: "{ not json" });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe("malformed_json");
      const unknown = await callApi(handler, { key: fullKey, path, params, body: { surpriseField: 1 } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.fields).toHaveProperty("surpriseField");
    });
  }

  if (operation.method === "POST") {
    it("replays the answer to an Idempotency-Key sent again, and refuses it with 409 for another request", async () => {
      const headers = { "Idempotency-Key": `contract-${crypto.randomUUID()}` };
      const body = operation.body ? { surpriseField: 1 } : undefined;
      const first = await callApi(handler, { key: fullKey, path, params, body, headers });
      const replay = await callApi(handler, { key: fullKey, path, params, body, headers });
      expect(replay.status).toBe(first.status);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
      // Another body, or (for an operation without one) another record.
      const other = operation.body
        ? await callApi(handler, { key: fullKey, path, params, body: { surpriseField: 2 }, headers })
        : await callApi(handler, { key: fullKey, path, params: paramsOf(path, crypto.randomUUID()), headers });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe("idempotency_key_reused");
    });
  }

  it("answers hostile input in every field with a 4xx or a success, never a 500", async () => {
    const idParams = paramsOf(path, crypto.randomUUID());
    for (const field of fieldsOf(operation.body)) {
      for (const value of hostile) {
        const response = await callApi(handler, { key: tirelessKey, path, params: idParams, body: { [field]: value } });
        expect(response.status, `${field} = ${JSON.stringify(value)?.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    for (const field of fieldsOf(operation.query)) {
      for (const value of hostile.filter((item) => typeof item === "string" || typeof item === "number")) {
        const response = await callApi(handler, { key: tirelessKey, path: `${path}?${new URLSearchParams({ [field]: String(value) })}`, params: idParams });
        expect(response.status, `?${field}=${String(value).slice(0, 40)}`).toBeLessThan(500);
      }
    }
  });

  it("answers 429 with Retry-After past the key's rate limit", async () => {
    const limited = await makeApiKey([operation.scope], { rateLimitPerMinute: 1 });
    await callApi(handler, { key: limited, path, params, body: operation.body ? {} : undefined });
    const refused = await callApi(handler, { key: limited, path, params, body: operation.body ? {} : undefined });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

it("finds the API's route handlers", () => {
  expect(routes.length).toBeGreaterThanOrEqual(24);
});
