import { describe, expect, it } from "vitest";
import { acceptedStep, newTotpSecret, openTotpSecret, readChallenge, sealTotpSecret, signChallenge, totpCode, totpCodeSchema, totpUri } from "./totp";

const at = Date.parse("2031-05-01T10:00:10Z");
const step = Math.floor(at / 30_000);

describe("one-time codes", () => {
  it("gives the RFC 6238 codes for its test secret", () => {
    // RFC 6238 appendix B, SHA-1, at 59 s and 1111111109 s: the last six digits of 94287082 and 07081804.
    const rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCode(rfc, 59_000)).toBe("287082");
    expect(totpCode(rfc, 1_111_111_109_000)).toBe("081804");
  });

  it("takes the code of this step or one either side, each once, and no other", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(acceptedStep(secret, totpCode(secret, at), null, at)).toBe(step);
    expect(acceptedStep(secret, totpCode(secret, at - 30_000), null, at)).toBe(step - 1);
    expect(acceptedStep(secret, totpCode(secret, at + 30_000), null, at)).toBe(step + 1);
    expect(acceptedStep(secret, totpCode(secret, at - 60_000), null, at)).toBeNull();
    expect(acceptedStep(secret, totpCode(newTotpSecret(), at), null, at)).toBeNull();
    // Used once: the same code, or an older one, is refused after it.
    expect(acceptedStep(secret, totpCode(secret, at), step, at)).toBeNull();
    expect(acceptedStep(secret, totpCode(secret, at - 30_000), step, at)).toBeNull();
    expect(acceptedStep(secret, totpCode(secret, at + 30_000), step, at)).toBe(step + 1);
  });

  it("reads codes as people type them, and refuses anything else", () => {
    expect(totpCodeSchema.parse(" 123 456 ")).toBe("123456");
    for (const bad of ["12345", "1234567", "12345a", "", "１２３４５６", 123456, "123456\u0000"]) expect(totpCodeSchema.safeParse(bad).success).toBe(false);
  });

  it("builds the address authenticator apps read", () => {
    const uri = totpUri("JBSWY3DPEHPK3PXP", "ann@example.test", "Acme CRM");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme%20CRM:ann%40example\.test\?/);
    expect(new URL(uri).searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(new URL(uri).searchParams.get("period")).toBe("30");
  });
});

describe("sealed secrets", () => {
  it("open to the same secret, differ each time, and refuse any change", () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(secret);
    expect(sealed).not.toContain(secret);
    expect(sealTotpSecret(secret)).not.toBe(sealed);
    expect(openTotpSecret(sealed)).toBe(secret);
    const [version, iv, tag, data] = sealed.split(".") as [string, string, string, string];
    const flipped = `${data.slice(0, -2)}${data.at(-2) === "A" ? "B" : "A"}${data.at(-1)}`;
    for (const bad of [`${version}.${iv}.${tag}.${flipped}`, `v2.${iv}.${tag}.${data}`, `${version}.${iv}.${data}.${tag}`, "v1..", "", secret]) expect(openTotpSecret(bad)).toBeNull();
  });
});

describe("sign-in challenges", () => {
  const userId = "5b0f6a9e-8d4c-4f7a-9a35-1c2d3e4f5a6b";

  it("carry who gave the right password, until they expire", () => {
    const token = signChallenge({ userId, sessionVersion: 3, step: "verify" }, at);
    expect(readChallenge(token, at + 4 * 60_000)).toEqual({ userId, sessionVersion: 3, step: "verify" });
    expect(readChallenge(token, at + 5 * 60_000)).toBeNull();
  });

  it("refuse a forged, altered or malformed token", () => {
    const token = signChallenge({ userId, sessionVersion: 1, step: "enrol" }, at);
    const [payload, signature] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ uid: userId, sv: 1, step: "verify", exp: at + 60_000 })).toString("base64url");
    for (const bad of [`${forged}.${signature}`, `${payload}.${signature.slice(1)}`, `${payload}.`, payload, `${token}.x`, "", null, 42, "a".repeat(2000)]) {
      expect(readChallenge(bad, at)).toBeNull();
    }
  });
});
