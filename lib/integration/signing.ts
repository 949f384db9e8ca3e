import crypto from "node:crypto";

/**
 * Webhook signatures, the same both ways (the payment provider's events in, our deliveries out):
 * HMAC-SHA256 with the shared secret over `<unix seconds>.<raw body>`, sent as
 * `t=<unix seconds>,v1=<hex digest>`. The timestamp inside the signed text stops an old request
 * being replayed later; receivers refuse timestamps more than `toleranceSeconds` away.
 */
export const toleranceSeconds = 5 * 60;

const digest = (secret: string, timestamp: number, body: string) => crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/** The signature header's value for `body` sent at `now`. */
export function signatureHeader(secret: string, body: string, now = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

/**
 * Whether `header` signs `body` with `secret` within the tolerance of `now`. Several `v1` values
 * are accepted (a sender rotating its secret signs with both).
 */
export function verifySignature(secret: string, body: string, header: string | null, now = new Date()): SignatureCheck {
  const parts = (header ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([name]) => name === "t")?.[1]);
  const signatures = parts.filter(([name, value]) => name === "v1" && value && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => Buffer.from(value!, "hex"));
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: "malformed" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: "expired" };
  const expected = Buffer.from(digest(secret, timestamp, body), "hex");
  return signatures.some((signature) => crypto.timingSafeEqual(signature, expected)) ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
