import { describe, expect, it } from "vitest";
import { sessionCookie } from "./cookies";

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Secure and __Host- prefixed behind https", () => {
    expect(sessionCookie("https://crm.example.com")).toEqual({
      name: "__Host-authjs.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
  });

  it("stays usable on a plain-http development address, still out of scripts' reach", () => {
    const cookie = sessionCookie("http://localhost:3000");
    expect(cookie.name).toBe("authjs.session-token");
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
  });
});
