import { describe, expect, it } from "vitest";
import { readBodyLimited } from "./body";

const chunked = (parts: string[]) =>
  new Request("http://localhost/", {
    method: "POST",
    body: new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);

describe("readBodyLimited", () => {
  it("reads a body up to the limit, in any number of chunks", async () => {
    expect(await readBodyLimited(new Request("http://localhost/", { method: "POST", body: "héllo" }), 6)).toBe("héllo");
    expect(await readBodyLimited(chunked(["ab", "cd", "ef"]), 6)).toBe("abcdef");
    expect(await readBodyLimited(new Request("http://localhost/"), 6)).toBe("");
  });

  it("stops at the limit without a declared length, and refuses a declared larger one unread", async () => {
    expect(await readBodyLimited(chunked(["abcd", "efgh"]), 6)).toBeNull();
    const declared = new Request("http://localhost/", { method: "POST", body: "x", headers: { "Content-Length": "1000" } });
    expect(await readBodyLimited(declared, 6)).toBeNull();
    expect(declared.bodyUsed).toBe(false);
  });
});
