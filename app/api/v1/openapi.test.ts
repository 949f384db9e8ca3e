import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { apiOperations } from "@/lib/integration/api";
import { apiRouteHandlers } from "./routes.testing";

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await (await GET()).json();
    expect(document.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
  });

  it("lists every route handler under /api/v1, by the operation it serves, and nothing else", async () => {
    const document = await (await GET()).json();
    const served: string[] = [];
    for (const { method, path, handler } of await apiRouteHandlers()) {
      if (path === "/openapi.json") continue;
      // A handler made without `apiRoute` has no operation: it would be undocumented and unchecked.
      expect(handler.operation, `${method} ${path} is not an apiRoute`).toBeDefined();
      expect({ method: handler.operation!.method, path: handler.operation!.path }).toEqual({ method, path });
      expect(document.paths[path]?.[method.toLowerCase()]?.operationId).toBe(handler.operation!.operationId);
      served.push(`${method} ${path}`);
    }
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([apiPath, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${apiPath}`));
    expect(served.sort()).toEqual(documented.sort());
    expect(new Set(apiOperations.map((operation) => operation.operationId)).size).toBe(apiOperations.length);
  });

  it("says for each operation its scope, its error answers, and the Idempotency-Key of every POST", async () => {
    const document = await (await GET()).json();
    for (const operation of apiOperations) {
      const described = document.paths[operation.path][operation.method.toLowerCase()];
      expect(described.security).toEqual([{ apiKey: [operation.scope] }]);
      expect(Object.keys(described.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
      const headers = (described.parameters ?? []).filter((parameter: { in: string }) => parameter.in === "header").map((parameter: { name: string }) => parameter.name);
      expect(headers).toEqual(operation.method === "POST" ? ["Idempotency-Key"] : []);
    }
  });
});

describe("the document's schemas", () => {
  it("describe every named request and response in full, never as a reference to themselves", async () => {
    const document = await (await GET()).json();
    const schemas = document.components.schemas as Record<string, { $ref?: string; type?: string }>;
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$ref, `${name} refers to ${schema.$ref}`).toBeUndefined();
    }
    expect(schemas.Customer).toMatchObject({ type: "object", properties: { id: { type: "string", format: "uuid" }, number: { type: "string" } } });
    expect(schemas.CustomerInput).toMatchObject({ type: "object", required: ["name"] });
  });
});

describe("the request examples", () => {
  it("exist for every operation with a body, parse with its schema, and are in the document", async () => {
    const document = await (await GET()).json();
    for (const operation of apiOperations.filter((candidate) => candidate.body)) {
      expect(operation.example, `${operation.operationId} has no example`).toBeDefined();
      const parsed = operation.body!.safeParse(operation.example);
      expect(parsed.success, `${operation.operationId}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues)}`).toBe(true);
      expect(document.paths[operation.path][operation.method.toLowerCase()].requestBody.content["application/json"].example).toEqual(operation.example);
    }
  });
});
