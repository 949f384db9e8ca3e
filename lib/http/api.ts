import "server-only";
import { z } from "zod";
import { atomically } from "@/db/client";
import { AppError } from "@/lib/errors";
import { authenticateApiKey, type ApiKeyActor } from "@/lib/integration/api-keys";
import { claimIdempotencyKey, completeIdempotencyKey, requestHash } from "@/lib/integration/idempotency";
import type { Operation } from "@/lib/integration/operation";
import { takeRequest } from "@/lib/integration/rate-limit";
import { scopeAllows } from "@/lib/integration/scopes";
import { logSecurityEvent } from "@/lib/security-events";
import { parseInput } from "@/lib/validation";
import { clientIp } from "./client-ip";
import { readBodyLimited } from "./body";
import { errorAnswer, errorResponse } from "./errors";

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiRequest<O extends Operation> = {
  actor: ApiKeyActor;
  params: Record<string, string>;
  query: Output<O["query"]>;
  body: Output<O["body"]>;
  /** The request's `Idempotency-Key`, made unique to the key; a fresh one when none was sent. */
  idempotencyKey: string;
  request: Request;
};

const json = (status: number, body: unknown, headers: HeadersInit = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { ...(status === 204 ? {} : { "Content-Type": "application/json" }), ...headers } });

const problem = (status: number, code: string, message: string, headers: HeadersInit = {}) => json(status, { error: { code, message } }, headers);

/** No request of this API needs more. */
const maxBodyBytes = 1024 * 1024;

const idempotencyKeySchema = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/);

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A REST API route for `operation`: authenticates the bearer key, checks the operation's scope and
 * the key's rate limit, parses path, query and JSON body, replays or refuses a repeated
 * `Idempotency-Key`, calls `handler` (which calls the domain functions) and maps every error,
 * also an unexpected one, to `{ error: { code, message, fields? } }`. Path ids that are not ids
 * are simply not found.
 */
export function apiRoute<O extends Operation>(operation: O, handler: (input: ApiRequest<O>) => Promise<unknown>) {
  const route = async (request: Request, context?: { params?: Promise<Record<string, string> | undefined> }): Promise<Response> => {
    try {
      return await answer(operation, handler, request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(route, { operation });
}

async function answer<O extends Operation>(
  operation: O,
  handler: (input: ApiRequest<O>) => Promise<unknown>,
  request: Request,
  context?: { params?: Promise<Record<string, string> | undefined> },
): Promise<Response> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const actor = token ? await authenticateApiKey(token, clientIp(request.headers)) : null;
  if (!actor) return problem(401, "unauthenticated", "Send a valid API key as `Authorization: Bearer <key>`.", { "WWW-Authenticate": 'Bearer realm="api"' });
  if (!scopeAllows(actor.scopes, operation.scope)) {
    logSecurityEvent({ event: "refused", apiKeyId: actor.apiKey.id, ip: actor.ip ?? null, what: operation.scope });
    return problem(403, "insufficient_scope", `This key lacks the scope ${operation.scope}.`);
  }
  const rate = takeRequest(actor.apiKey.id, actor.rateLimitPerMinute);
  if (!rate.allowed) return problem(429, "rate_limited", "Too many requests for this key; retry after the time in Retry-After.", { "Retry-After": String(rate.retryAfterSeconds) });
  const limits = { "RateLimit-Limit": String(actor.rateLimitPerMinute), "RateLimit-Remaining": String(rate.remaining) };

  const raw = operation.body ? await readBodyLimited(request, maxBodyBytes) : "";
  if (raw === null) return problem(413, "payload_too_large", "The request body is larger than 1 MB.");
  let parsedJson: unknown = undefined;
  if (operation.body) {
    try {
      parsedJson = raw.trim() === "" ? {} : JSON.parse(raw);
    } catch {
      return problem(400, "malformed_json", "The request body is not valid JSON.");
    }
  }

  const headerKey = request.headers.get("idempotency-key");
  let claimedKey: string | null = null;
  if (operation.method === "POST" && headerKey !== null) {
    const key = idempotencyKeySchema.safeParse(headerKey);
    if (!key.success) return json(422, { error: { code: "validation", message: "Please correct the fields marked below.", fields: { "Idempotency-Key": ["Use 1 to 255 visible ASCII characters."] } } });
    const url = new URL(request.url);
    const claim = await claimIdempotencyKey(actor.apiKey.id, key.data, requestHash(request.method, url.pathname + url.search, raw));
    if (claim.kind === "mismatch") return problem(409, "idempotency_key_reused", "This Idempotency-Key was used for another request.");
    if (claim.kind === "in_progress") return problem(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still being answered; retry shortly.");
    if (claim.kind === "replay") return json(claim.status, claim.body, { ...limits, "Idempotent-Replayed": "true" });
    claimedKey = key.data;
  }

  let result: Answer;
  let kept = false;
  try {
    const params: Record<string, string> = (await context?.params) ?? {};
    for (const [name, value] of Object.entries(params)) {
      if (name.endsWith("Id") && !z.uuid().safeParse(value).success) throw new AppError("NOT_FOUND");
    }
    const search = Object.fromEntries(new URL(request.url).searchParams);
    const input = {
      actor,
      params,
      query: (operation.query ? parseInput(operation.query, search) : undefined) as Output<O["query"]>,
      body: (operation.body ? parseInput(operation.body, parsedJson) : undefined) as Output<O["body"]>,
      idempotencyKey: `api:${actor.apiKey.id}:${claimedKey ?? crypto.randomUUID()}`,
      request,
    };
    const status = operation.status ?? 200;
    // A change runs in one transaction with its kept answer: a process killed after the commit
    // has kept the answer too, and one killed before has changed nothing.
    result =
      operation.method === "GET"
        ? { status, body: (await handler(input)) ?? null }
        : await atomically(async (tx) => {
            const body = (await handler(input)) ?? null;
            if (claimedKey) await completeIdempotencyKey(actor.apiKey.id, claimedKey, status, body, tx);
            kept = true;
            return { status, body };
          });
  } catch (error) {
    kept = false;
    result = errorAnswer(error);
  }
  // A refusal is kept too, and so is an unexpected failure: its transaction rolled back, but it is
  // answered once, like any other. A new key runs the request afresh.
  if (claimedKey && !kept) await completeIdempotencyKey(actor.apiKey.id, claimedKey, result.status, result.body);
  return json(result.status, result.body, { ...limits, ...result.headers });
}
