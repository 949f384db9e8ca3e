import { beforeAll, describe, expect, it } from "vitest";
import * as customer from "@/app/api/v1/customers/[customerId]/route";
import * as customers from "@/app/api/v1/customers/route";
import { makeActor } from "@/lib/factories";
import { revokeApiKey, listApiKeys } from "@/lib/integration/api-keys";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { seedActor } from "@/lib/factories";

let reader: string;
let writer: string;

beforeAll(async () => {
  reader = await makeApiKey(["customers:read"]);
  writer = await makeApiKey(["customers:write"]);
});

const create = (body: unknown, key = writer, headers: Record<string, string> = {}) => callApi(customers.POST, { key, path: "/customers", body, headers });

describe("POST /customers", () => {
  it("creates a customer and answers 201 with it, phone in E.164", async () => {
    const response = await create({ name: "Li Wei", email: "Li.Wei@Example.com", phone: "138 0013 8000" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: "Li Wei", email: "li.wei@example.com", phone: "+8613800138000", number: expect.stringMatching(/^C-\d{6}$/), tags: [] });
    const fetched = await callApi(customer.GET, { key: reader, path: "/customers/{customerId}", params: { customerId: response.body.id } });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(response.body);
  });

  it("answers 422 field by field, and creates nothing", async () => {
    const before = await callApi(customers.GET, { key: reader, path: "/customers?limit=100" });
    const response = await create({ name: "", email: "not-an-email", birthday: "2026-02-31", shoeSize: 42 });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation");
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: {
        name: ["This field is required."],
        email: ["Enter an e-mail address like name@example.com."],
        birthday: ["Enter a date that is not in the future."],
        shoeSize: [expect.any(String)],
      },
    });
    const after = await callApi(customers.GET, { key: reader, path: "/customers?limit=100" });
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await create("{ name: Li");
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "malformed_json", message: expect.any(String) } });
  });

  it("answers 401 without a key, with a malformed or unknown key, and with a revoked one", async () => {
    expect((await create({ name: "X" }, "")).status).toBe(401);
    expect((await create({ name: "X" }, "not-a-key")).status).toBe(401);
    expect((await create({ name: "X" }, `${writer.slice(0, -4)}AAAA`)).status).toBe(401);
    const doomed = await makeApiKey(["customers:write"]);
    const [row] = (await listApiKeys(seedActor)).filter((key) => doomed.startsWith(`mcrm_${key.prefix}_`));
    await revokeApiKey(seedActor, row!.id);
    const refused = await create({ name: "X" }, doomed);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthenticated");
  });

  it("answers 403 to a key without the scope", async () => {
    const response = await create({ name: "X" }, reader);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("insufficient_scope");
  });

  it("replays the first answer for the same Idempotency-Key and body, and refuses another body with 409", async () => {
    const headers = { "Idempotency-Key": `create-${crypto.randomUUID()}` };
    const first = await create({ name: "Once Only" }, writer, headers);
    const again = await create({ name: "Once Only" }, writer, headers);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await create({ name: "Someone Else" }, writer, headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    const found = await callApi(customers.GET, { key: reader, path: "/customers?q=Once%20Only" });
    expect(found.body.data).toHaveLength(1);
  });

  it("answers 429 with Retry-After once a key passes its limit", async () => {
    const limited = await makeApiKey(["customers:read"], { rateLimitPerMinute: 2 });
    const list = () => callApi(customers.GET, { key: limited, path: "/customers" });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const refused = await list();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("GET /customers", () => {
  it("pages newest first with a cursor, without overlap, and searches by phone fragment", async () => {
    const tag = `page-${crypto.randomUUID().slice(0, 8)}`;
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push((await create({ name: `Paged ${i}`, tags: [tag], phone: `1390000${String(1000 + i)}` })).body);
    const first = await callApi(customers.GET, { key: reader, path: `/customers?tag=${tag}&limit=2` });
    expect(first.status).toBe(200);
    expect(first.body.data.map((row: { name: string }) => row.name)).toEqual(["Paged 4", "Paged 3"]);
    const second = await callApi(customers.GET, { key: reader, path: `/customers?tag=${tag}&limit=2&cursor=${first.body.nextCursor}` });
    const third = await callApi(customers.GET, { key: reader, path: `/customers?tag=${tag}&limit=2&cursor=${second.body.nextCursor}` });
    expect(second.body.data.map((row: { name: string }) => row.name)).toEqual(["Paged 2", "Paged 1"]);
    expect(third.body).toEqual({ data: [expect.objectContaining({ name: "Paged 0" })], nextCursor: null });

    const search = await callApi(customers.GET, { key: reader, path: "/customers?q=900001002" });
    expect(search.body.data.map((row: { id: string }) => row.id)).toEqual([made[2].id]);
  });

  it("answers 422 to a limit over 100 and to a cursor it did not make", async () => {
    const tooMany = await callApi(customers.GET, { key: reader, path: "/customers?limit=500" });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.fields).toHaveProperty("limit");
    const forged = await callApi(customers.GET, { key: reader, path: "/customers?cursor=abc" });
    expect(forged.status).toBe(422);
    expect(forged.body.error.fields).toHaveProperty("cursor");
    // A filter with a typo would otherwise pull every customer.
    const typo = await callApi(customers.GET, { key: reader, path: "/customers?stage=custmer&createdFrom=2026-13-01" });
    expect(typo.status).toBe(422);
    expect(Object.keys(typo.body.error.fields).sort()).toEqual(["createdFrom", "stage"]);
    // Membership figures are the membership:read scope's, not customers:read's.
    const tier = await callApi(customers.GET, { key: reader, path: `/customers?pointsMin=1000&tier=${crypto.randomUUID()}` });
    expect(tier.status).toBe(422);
    expect(Object.keys(tier.body.error.fields).sort()).toEqual(["pointsMin", "tier"]);
  });
});

describe("GET, PATCH and DELETE /customers/{id}", () => {
  it("changes only the fields named, clears a field with null, refuses unknown fields", async () => {
    const { body: created } = await create({ name: "Patch Me", city: "Hangzhou", notes: "VIP since 2020", tags: ["vip"] });
    const path = "/customers/{customerId}";
    const params = { customerId: created.id };
    const patched = await callApi(customer.PATCH, { key: writer, path, params, body: { city: "Suzhou", notes: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Patch Me", city: "Suzhou", notes: null, tags: ["vip"] });
    const massAssignment = await callApi(customer.PATCH, { key: writer, path, params, body: { number: "C-000001", emailConsent: true } });
    expect(massAssignment.status).toBe(422);
    expect((await callApi(customer.GET, { key: reader, path, params })).body).toEqual(patched.body);
  });

  it("deletes with 204, after which the customer is not found", async () => {
    const { body: created } = await create({ name: "Delete Me" });
    const params = { customerId: created.id };
    const removed = await callApi(customer.DELETE, { key: writer, path: "/customers/{customerId}", params });
    expect(removed.status).toBe(204);
    expect((await callApi(customer.GET, { key: reader, path: "/customers/{customerId}", params })).status).toBe(404);
    expect((await callApi(customer.DELETE, { key: writer, path: "/customers/{customerId}", params })).status).toBe(404);
  });

  it("answers 404 to an id that is no customer's, or no id at all", async () => {
    for (const customerId of [crypto.randomUUID(), "42", "'; drop table customers; --"]) {
      const response = await callApi(customer.GET, { key: reader, path: "/customers/{customerId}", params: { customerId } });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
      expect(response.headers.get("content-type")).toBe("application/json");
    }
  });

  it("lets a key see every customer, also those a rep's team owns", async () => {
    const rep = await makeActor("sales_rep");
    const { createCustomer } = await import("@/lib/customers/commands");
    const owned = await createCustomer(rep, { name: "Rep's Own" });
    const response = await callApi(customer.GET, { key: reader, path: "/customers/{customerId}", params: { customerId: owned.id } });
    expect(response.status).toBe(200);
    expect(response.body.ownerId).toBe(rep.kind === "user" ? rep.userId : null);
  });
});

describe("request limits", () => {
  it("refuses a body over 1 MB with 413, and creates nothing", async () => {
    const response = await create({ name: "Big", notes: "x".repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
    expect((await callApi(customers.GET, { key: reader, path: "/customers?q=Big" })).body.data).toEqual([]);
  });

  it("answers 422, not 500, to JSON that is not an object", async () => {
    for (const body of ["[]", '"Li Wei"', "42", "null"]) {
      const response = await create(body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("validation");
    }
  });
});
