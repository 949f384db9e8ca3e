import "server-only";
import crypto from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { z } from "zod";
import { resolveAuthSecret } from "./secret";

/**
 * Two-factor sign-in with time-based one-time codes (RFC 6238: six digits, 30-second steps,
 * HMAC-SHA1, what every authenticator app reads from a QR code), and the short-lived challenge
 * that carries a sign-in from the password to the code.
 *
 * Secrets are stored sealed with AES-256-GCM under a key derived from the session secret, so that
 * a copy of the database (a leaked backup) gives nobody the codes. Changing `AUTH_SECRET` makes
 * them unreadable: people then set two-factor up again after an admin resets it.
 */

const period = 30;
/** One step either side of now: a clock a little off, or a code typed as it changed, still counts. */
const window = 1;

/** A key for one purpose, derived from the session secret. */
const derivedKey = (purpose: string) => Buffer.from(crypto.hkdfSync("sha256", resolveAuthSecret(), Buffer.alloc(0), `member-crm ${purpose}`, 32));

/** A new random secret (160 bits), in base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Seals a base32 secret for storage: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function sealTotpSecret(base32: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", derivedKey("totp secret"), iv);
  const sealed = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), sealed.toString("base64url")].join(".");
}

/** The base32 secret of a sealed one; null when it was sealed under another key or altered. */
export function openTotpSecret(sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !data) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", derivedKey("totp secret"), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function totpUri(base32: string, account: string, issuer: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(base32), period }).toString();
}

/** The code a secret gives at `now`: for tests and the command line, never shown by the app. */
export function totpCode(base32: string, now = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(base32), period, timestamp: now });
}

/** A code as people type it: six digits, spaces allowed between. */
export const totpCodeSchema = z
  .string({ error: "validation.totpCode" })
  .max(20, { error: "validation.totpCode" })
  .transform((code) => code.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, { error: "validation.totpCode" }));

/**
 * The step `code` belongs to, when it is right for `base32` at `now` and newer than `lastStep` (a
 * code is good once: one seen over a shoulder or in a proxy's log cannot be used again); else null.
 */
export function acceptedStep(base32: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(base32), period, timestamp: now, window });
  if (delta === null) return null;
  const step = TOTP.counter({ period, timestamp: now }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** How long a sign-in may wait between the password and the code. */
export const challengeMinutes = 5;

const challengeSchema = z.strictObject({
  /** The user whose password was right. */
  uid: z.uuid(),
  /** Their session version then: a password change or "sign out everywhere" voids the challenge. */
  sv: z.number().int(),
  /** `verify` asks for a code of the confirmed secret, `enrol` sets up the pending one (required and not yet set up). */
  step: z.enum(["verify", "enrol"]),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});
export type SignInChallenge = { userId: string; sessionVersion: number; step: "verify" | "enrol" };

const mac = (payload: string) => crypto.createHmac("sha256", derivedKey("sign-in challenge")).update(payload).digest("base64url");

/** A signed token saying that `userId` gave the right password at `now`, good for a few minutes. */
export function signChallenge(challenge: SignInChallenge, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ uid: challenge.userId, sv: challenge.sessionVersion, step: challenge.step, exp: now + challengeMinutes * 60_000 }),
  ).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The challenge a token carries, when its signature holds and it has not expired; else null. */
export function readChallenge(token: unknown, now = Date.now()): SignInChallenge | null {
  if (typeof token !== "string" || token.length > 1000) return null;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = challengeSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.exp <= now) return null;
  return { userId: parsed.data.uid, sessionVersion: parsed.data.sv, step: parsed.data.step };
}
