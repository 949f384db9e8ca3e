import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCustomer, makeMember, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { hostileExamples, hostileJsonValue, hostileKey, hostileLike, nonJsonBody, rowsSnapshot, seedFor, toJsonText, wellFormedHostileString } from "@/lib/hostile.testing";
import { encodeCursor } from "@/lib/integration/cursor";
import { scopes } from "@/lib/integration/scopes";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { adjustPoints } from "@/lib/membership/commands";
import { getPipeline } from "@/lib/sales/pipelines";
import { apiRouteHandlers } from "./routes.testing";

/**
 * Hostile requests to every route handler of the API, generated with fast-check from a fixed seed:
 * hostile path ids, query strings, JSON bodies built from each operation's own fields (with
 * wrong types, injection and markup, Unicode edge cases, extreme numbers and dates, unknown keys),
 * bodies that are not JSON and hostile `Idempotency-Key` headers. Every answer is a 4xx with a JSON
 * error or a success, never a 500; a refusal changes nothing; accepted text comes back as sent.
 */

/** Per route; the routes × runs requests take about a minute on PGlite. */
const runsPerRoute = 60;

// Deleting customers last keeps the pool of records the other routes work on.
const routes = (await apiRouteHandlers()).filter((route) => route.path !== "/openapi.json").sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));

let key: string;
/** Real records by the name of the path parameter or field that refers to them. */
const pools: Record<string, string[]> = {};
const poolOf = (name: string) => (Object.hasOwn(pools, name) ? pools[name] : undefined);
let tried = 0;
let echoesChecked = 0;
/** How many answers of each status, for the run's summary. */
const statuses = new Map<number, number>();

beforeAll(async () => {
  key = await makeApiKey([...scopes], { rateLimitPerMinute: 100_000 });
  const owner = await makeUser("sales_rep");
  const members = [];
  for (let index = 0; index < 4; index++) {
    const { customer } = await makeMember(seedActor);
    await adjustPoints(seedActor, customer.id, { delta: 50_000, reason: "Hostile-input pool", idempotencyKey: `hostile-pool-${customer.id}` });
    members.push(customer.id);
  }
  const plain = await makeCustomer(seedActor);
  const products = [await makeProduct({ price: "99" }), await makeProduct({ price: "0.01" }), await makeProduct({ price: "123456.78" })];
  const pipeline = await getPipeline(seedActor);

  const post = async (path: string, body: unknown, params: Record<string, string> = {}) => {
    const route = routes.find((candidate) => candidate.method === "POST" && candidate.path === path)!;
    const response = await callApi(route.handler, { key, path, params, body });
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body as { id: string };
  };
  const orders = [];
  for (const customerId of members) {
    orders.push((await post("/orders", { customerId, channel: "online", lines: [{ productId: products[0]!.id, quantity: 3 }] })).id);
  }
  for (const orderId of orders.slice(0, 2)) await post("/orders/{orderId}/pay", undefined, { orderId });
  const tickets = [];
  for (const customerId of members.slice(0, 2)) tickets.push((await post("/tickets", { customerId, subject: "Pool ticket", description: "For hostile input" })).id);
  const deals = [];
  for (const customerId of members.slice(0, 2)) deals.push((await post("/opportunities", { customerId, title: "Pool deal", amount: "100", ownerId: owner.id })).id);

  Object.assign(pools, {
    customerId: [...members, plain.id],
    orderId: orders,
    ticketId: tickets,
    opportunityId: deals,
    ownerId: [owner.id],
    productId: products.map((product) => product.id),
    sku: products.map((product) => product.sku),
    pipelineId: [pipeline.id],
    stageId: pipeline.stages.map((stage) => stage.id),
  });
});

afterAll(() => {
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(", ");
  console.log(`Hostile API input: ${tried} requests to ${routes.length} route handlers (${byStatus}); ${echoesChecked} accepted text fields read back.`);
});

/** A real record or a hostile id for a path parameter or an id field. */
const idFor = (name: string) =>
  fc.oneof({ arbitrary: fc.constantFrom(...(poolOf(name) ?? [crypto.randomUUID()])), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }, { arbitrary: wellFormedHostileString, weight: 1 });

/** The fields of an object schema (a query or a body), or none. */
const fieldsOf = (schema: unknown): string[] => Object.keys((schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});

/** Bodies for operations without an example: what a working request sends. */
const fallbackBodies: Record<string, Record<string, unknown>> = {
  createTicket: { customerId: "", subject: "Hostile input", description: "Sent by the hostile-input test." },
};

/** The operation's example, with its ids replaced by real records' (a coupon code it cannot know is left out). */
function baseBody(operationId: string, example: Record<string, unknown> | undefined): fc.Arbitrary<Record<string, unknown>> {
  const fill = (value: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(value)) return fc.tuple(...value.map(fill));
    if (value === null || typeof value !== "object") return fc.constant(value);
    const entries = Object.entries(value).filter(([field]) => field !== "couponCode");
    return fc
      .tuple(...entries.map(([field, item]) => (poolOf(field) ? fc.constantFrom(...poolOf(field)!) : fill(item)).map((filled) => [field, filled] as const)))
      .map((pairs) => Object.fromEntries(pairs));
  };
  return fill(example ?? fallbackBodies[operationId] ?? {}) as fc.Arbitrary<Record<string, unknown>>;
}

/** The operation's example as `baseBody` makes it, with the first record of each pool. */
function firstBase(operationId: string, example: Record<string, unknown> | undefined): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).filter(([field]) => field !== "couponCode").map(([field, item]) => [field, poolOf(field)?.[0] ?? fill(item)]));
  };
  return fill(example ?? fallbackBodies[operationId] ?? {}) as Record<string, unknown>;
}

/** What a field may hold in a hostile request: junk like its working value mostly, sometimes a value that fits. */
const fieldValue = (field: string, sample: unknown) =>
  fc.oneof(
    { arbitrary: hostileLike(field, sample), weight: 6 },
    { arbitrary: poolOf(field) ? fc.constantFrom(...poolOf(field)!) : fc.constantFrom("1", "10", "on", "true", "2030-12-31", "online"), weight: 1 },
  );

/** Header values a client can send (no NUL, CR, LF or characters past Latin-1). */
const headerValue = fc
  .oneof(
    fc.constantFrom("hostile-key-1", "hostile-key-2", "", " ", "a b", "x".repeat(255), "x".repeat(256), "x".repeat(5000), "'; drop table api_keys; --", "<script>", "\u00e9t\u00e9", "\u00ff", "\t"),
    fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
  )
  .filter((value) => {
    try {
      new Headers({ "Idempotency-Key": value });
      return true;
    } catch {
      return false;
    }
  });

/** Raw query strings, also malformed percent-encoding and cursors past any number of rows. */
const rawQuery = fc.oneof(
  fc.constantFrom("%", "%ZZ", "q=%00", "q=%F0%9F", "q=%E2%80%AE", "&&&", "=", "limit=1&limit=2", "limit=1e309", "limit=-0", "limit=0x10", "cursor=", "cursor=%00", "cursor=bjE"),
  fc.bigInt({ min: 0n, max: 999_999_999_999_999n }).map((number) => `cursor=${encodeCursor(Number(number))}`),
  fc.constantFrom(2 ** 31, 2 ** 31 - 1, 2 ** 53, 999_999_999_999_999).map((number) => `cursor=${encodeCursor(number)}`),
);

const textFields = new Set(["name", "notes", "province", "city", "addressLine", "postalCode", "title", "nextStep", "subject", "description", "body", "note", "reason"]);

/** The first value of `field` in an answer, looked for in nested objects (not in lists). */
function findField(value: unknown, field: string, depth = 0): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value) || depth > 3) return undefined;
  if (field in value) return (value as Record<string, unknown>)[field];
  for (const inner of Object.values(value)) {
    const found = findField(inner, field, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

type HostileRequest = { params: Record<string, string>; query: string; body?: string; parsed?: unknown; headers: Record<string, string>; label: string };

/** A request as the property sees it, with its parsed body and a label for failures. */
function hostileRequest(route: (typeof routes)[number], request: Omit<HostileRequest, "parsed" | "label">): HostileRequest {
  let parsed: unknown;
  try {
    parsed = request.body === undefined ? undefined : JSON.parse(request.body);
  } catch {
    parsed = undefined;
  }
  const label = `${route.method} ${route.path}?${request.query.slice(0, 80)} params=${JSON.stringify(request.params).slice(0, 120)} headers=${JSON.stringify(request.headers).slice(0, 120)} body=${(request.body ?? "").slice(0, 200)}`;
  return { ...request, parsed, label };
}

/**
 * Fixed requests beside the random ones: each field of the body and the query, one at a time, with
 * each of its `hostileExamples` while the rest of the request works.
 */
function sweep(route: (typeof routes)[number]): HostileRequest[] {
  const { operation } = route.handler;
  const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, poolOf(name!)?.[0] ?? crypto.randomUUID()]));
  const base = firstBase(operation?.operationId ?? "", operation?.example);
  const requests: HostileRequest[] = [];
  if (operation?.body) {
    requests.push(hostileRequest(route, { params, query: "", body: toJsonText(base), headers: {} }));
    for (const field of fieldsOf(operation.body)) {
      for (const value of hostileExamples(field, Object.hasOwn(base, field) ? base[field] : undefined)) {
        requests.push(hostileRequest(route, { params, query: "", body: toJsonText({ ...base, [field]: value }), headers: {} }));
      }
    }
  }
  for (const field of fieldsOf(operation?.query)) {
    for (const value of hostileExamples(field)) {
      const text = typeof value === "string" ? value : toJsonText(value);
      requests.push(hostileRequest(route, { params, query: new URLSearchParams({ [field]: text }).toString(), body: undefined, headers: {} }));
    }
  }
  return requests;
}

function requestArb(route: (typeof routes)[number]): fc.Arbitrary<HostileRequest> {
  const { operation } = route.handler;
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
  const params = fc.tuple(...names.map((name) => idFor(name))).map((values) => Object.fromEntries(names.map((name, index) => [name, values[index]!])));
  const queryFields = fieldsOf(operation?.query);
  const query = fc.oneof(
    fc.constant(""),
    fc
      .dictionary(queryFields.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...queryFields), weight: 3 }, { arbitrary: hostileKey, weight: 1 }) : hostileKey, fc.constant(null), { maxKeys: 4 })
      .chain((picked) => {
        const fields = Object.keys(picked);
        return fc
          .tuple(...fields.map((field) => fc.oneof(hostileLike(field).map((value) => (typeof value === "string" ? value : toJsonText(value))), fc.constantFrom("1", "100", "open", "2026-01-01"))))
          .map((values) => new URLSearchParams(fields.map((field, index) => [field, values[index]!])).toString());
      }),
    rawQuery,
  );
  const bodyFields = fieldsOf(operation?.body);
  const objectBody = fc
    .tuple(
      baseBody(operation?.operationId ?? "", operation?.example),
      fc.dictionary(bodyFields.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...bodyFields), weight: 4 }, { arbitrary: hostileKey, weight: 1 }) : hostileKey, fc.constant(null), { maxKeys: 3 }),
      fc.array(fc.nat(), { maxLength: 3 }),
    )
    .chain(([base, picked, drops]) => {
      const fields = Object.keys(picked);
      const kept = Object.fromEntries(Object.entries(base).filter((_, index) => !drops.includes(index)));
      return fc.tuple(...fields.map((field) => fieldValue(field, Object.hasOwn(base, field) ? base[field] : undefined))).map((values) => ({ ...kept, ...Object.fromEntries(fields.map((field, index) => [field, values[index]])) }));
    });
  // One hostile field in a request that otherwise works, so that it reaches the field's own checks.
  const oneField =
    bodyFields.length === 0
      ? objectBody
      : fc
          .tuple(baseBody(operation?.operationId ?? "", operation?.example), fc.constantFrom(...bodyFields))
          .chain(([base, field]) => fieldValue(field, Object.hasOwn(base, field) ? base[field] : undefined).map((value) => ({ ...base, [field]: value })));
  const body: fc.Arbitrary<string | undefined> = operation?.body
    ? fc.oneof({ arbitrary: oneField.map(toJsonText), weight: 4 }, { arbitrary: objectBody.map(toJsonText), weight: 4 }, { arbitrary: hostileJsonValue.map(toJsonText), weight: 1 }, { arbitrary: nonJsonBody, weight: 1 })
    : route.method === "GET"
      ? fc.constant(undefined)
      : fc.option(nonJsonBody, { nil: undefined });
  const headers = fc
    .record(
      {
        "Idempotency-Key": route.method === "POST" ? headerValue : fc.constant(""),
        "Content-Type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=boundary", "application/json; charset=latin1"),
      },
      { requiredKeys: [] },
    )
    .map((record) => Object.fromEntries(Object.entries(record).filter(([name, value]) => name !== "Idempotency-Key" || route.method === "POST" || value !== "")));
  return fc.record({ params, query, body, headers }).map((request) => hostileRequest(route, request));
}

describe.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", (name, route) => {
  it(
    "answers hostile requests with a 4xx and a JSON error or with a success, never a 500; a refusal changes nothing; accepted text is stored as sent",
    async () => {
      const mutates = route.method !== "GET";
      const examples = sweep(route).map((request) => [request] as [HostileRequest]);
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (request) => {
          tried++;
          const before = mutates ? await rowsSnapshot() : null;
          const response = await callApi(route.handler, {
            key,
            path: `${route.path}${request.query ? `?${request.query}` : ""}`,
            params: request.params,
            body: request.body,
            headers: request.headers,
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (process.env.HOSTILE_DEBUG) console.log(response.status, request.label.slice(0, 300), JSON.stringify(response.body).slice(0, 200));
          expect(response.status, request.label).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.body?.error, request.label).toEqual(expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }));
            expect(response.body.error.message.length).toBeGreaterThan(0);
            const { fields } = response.body.error as { fields?: Record<string, unknown> };
            if (fields !== undefined) {
              for (const [field, messages] of Object.entries(fields)) {
                expect(messages, `${field} in ${request.label}`).toEqual([expect.any(String), ...(messages as unknown[]).slice(1).map(() => expect.any(String))]);
              }
            }
            // A field the request got wrong is named as a field (a body that is an object of wrong fields).
            if (response.status === 422 && response.body.error.code === "validation" && request.parsed && typeof request.parsed === "object" && !Array.isArray(request.parsed)) {
              expect(Object.keys(fields ?? {}).length, request.label).toBeGreaterThan(0);
            }
            if (mutates) expect(await rowsSnapshot(), `a refusal changed rows: ${request.label}`).toEqual(before);
          } else if (request.parsed && typeof request.parsed === "object" && response.status !== 204 && response.headers.get("Idempotent-Replayed") !== "true") {
            for (const [field, sent] of Object.entries(request.parsed as Record<string, unknown>)) {
              if (!textFields.has(field) || typeof sent !== "string" || sent.trim() === "") continue;
              const stored = findField(response.body, field);
              if (stored === undefined) continue;
              expect(stored, `${field} in ${request.label}`).toBe(sent.trim());
              echoesChecked++;
            }
          }
        }),
        // fast-check counts the fixed examples among the runs.
        { seed: seedFor(name), numRuns: examples.length + runsPerRoute, examples },
      );
    },
    300_000,
  );
});

it("tries every route of the API, and reads back accepted text", () => {
  expect(routes.length).toBeGreaterThanOrEqual(24);
  expect(tried).toBe(routes.length * runsPerRoute + routes.reduce((sum, route) => sum + sweep(route).length, 0));
  expect(echoesChecked).toBeGreaterThan(0);
});
