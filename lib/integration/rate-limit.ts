/**
 * Requests per API key per minute, counted in this process (a fixed window per key). With several
 * app instances each counts its own share; the limit is a guard against runaway clients, not a
 * quota to bill by.
 */
const windows = new Map<string, { start: number; count: number }>();
const windowMs = 60_000;

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export function takeRequest(keyId: string, limit: number, now = Date.now()): RateDecision {
  let window = windows.get(keyId);
  if (!window || now - window.start >= windowMs) {
    window = { start: now, count: 0 };
    windows.set(keyId, window);
  }
  if (window.count >= limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
  window.count += 1;
  return { allowed: true, remaining: limit - window.count };
}
