import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { ledgerKey, membershipOperations, toPointsChangeResource, toPointsEntryResource } from "@/lib/integration/api/membership";
import { pageOf } from "@/lib/integration/cursor";
import { adjustPoints } from "@/lib/membership/commands";
import { listPointsEntriesBefore } from "@/lib/membership/queries";

export const GET = apiRoute(membershipOperations.listPoints, async ({ actor, params, query: { cursor, limit } }) => {
  const entries = await listPointsEntriesBefore(actor, params.customerId, { before: cursor, limit });
  if (!entries) throw new AppError("NOT_FOUND");
  const { rows, nextCursor } = pageOf(
    entries.map((entry) => ({ ...entry, number: entry.id })),
    limit,
  );
  return { data: rows.map(toPointsEntryResource), nextCursor };
});

export const POST = apiRoute(membershipOperations.adjust, async ({ actor, params, body, idempotencyKey }) =>
  toPointsChangeResource(await adjustPoints(actor, params.customerId, { delta: body.delta, reason: body.reason, idempotencyKey: ledgerKey(idempotencyKey) })),
);
