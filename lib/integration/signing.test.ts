import { describe, expect, it } from "vitest";
import { signatureHeader, verifySignature } from "./signing";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "evt_1", type: "payment.succeeded" });
const now = new Date("2026-12-01T08:00:00Z");

describe("webhook signatures", () => {
  it("accept what they sign, within five minutes either way", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, body, header, now)).toEqual({ ok: true, timestamp: now.getTime() / 1000 });
    expect(verifySignature(secret, body, header, new Date(now.getTime() + 299_000)).ok).toBe(true);
    expect(verifySignature(secret, body, header, new Date(now.getTime() - 299_000)).ok).toBe(true);
  });

  it("refuse an old timestamp, another body, another secret, and malformed headers", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, body, header, new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature(secret, `${body} `, header, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature("another", body, header, now)).toEqual({ ok: false, reason: "mismatch" });
    for (const bad of [null, "", "t=abc,v1=00", `v1=${"0".repeat(64)}`, `t=${now.getTime() / 1000}`]) {
      expect(verifySignature(secret, body, bad, now)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("accept any of several signatures, as sent while a secret is rotated", () => {
    const header = signatureHeader(secret, body, now);
    const withOld = `${header},v1=${"ab".repeat(32)}`;
    expect(verifySignature(secret, body, withOld, now).ok).toBe(true);
  });
});
