/**
 * What the log keeps of an attempt to get in or to do what one may not: one JSON line per event,
 * in UTC, naming who by id (never an e-mail address or name) and from which address, so that an
 * operator can follow a guessing run or a probing key. Passwords, codes and keys are never given.
 */
export type SecurityEvent =
  /** A wrong password or code, or one for a deactivated or unknown account (`userId` null). */
  | { event: "sign_in_failed"; userId: string | null; ip: string | null }
  /** An attempt refused while the account or the address is locked. */
  | { event: "sign_in_locked"; userId: string | null; ip: string | null }
  /** A signed-in user or an API key refused something its role or scopes do not allow. */
  | { event: "refused"; userId?: string; apiKeyId?: string; ip: string | null; what: string };

export function logSecurityEvent({ event, ...fields }: SecurityEvent, now = new Date()): void {
  console.warn(JSON.stringify({ at: now.toISOString(), security: event, ...fields }));
}
