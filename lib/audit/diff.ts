export type Changes = Record<string, { before: unknown; after: unknown }>;

const ignored = new Set(["createdAt", "updatedAt", "passwordHash", "totpSecret", "totpPendingSecret", "totpLastStep"]);

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

/** The fields that differ between two versions of a record; `null` stands for "did not exist". */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const changes: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const from = normalise(before?.[key]);
    const to = normalise(after?.[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { before: from, after: to };
  }
  return changes;
}
