import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectAppError } from "./expect-app-error";
import { parseInput, requiredText, tagList } from "./validation";

const schema = z.strictObject({ name: requiredText(20), tags: tagList, lines: z.array(z.strictObject({ note: z.string() })).optional() });

describe("parseInput", () => {
  it("returns the parsed value", () => {
    expect(parseInput(schema, { name: " Li Wei ", tags: "a, b,a" })).toEqual({ name: "Li Wei", tags: ["a", "b"] });
  });

  it("reports every bad field at once, naming fields it does not accept and text holding a NUL character", async () => {
    const error = await expectAppError(Promise.resolve().then(() => parseInput(schema, { name: "", tags: ["ok"], lines: [{ note: "bad\u0000note" }], shoeSize: 42 })), "VALIDATION");
    expect(error.message).toBe("errors.VALIDATION");
    expect(error.fieldErrors).toEqual({ name: ["validation.required"], lines: ["validation.invalid"], shoeSize: ["validation.unknownField"] });
  });

  it("refuses NUL in a value that is otherwise valid, and in a bare string", async () => {
    const error = await expectAppError(Promise.resolve().then(() => parseInput(schema, { name: "Li\u0000Wei", tags: [] })), "VALIDATION");
    expect(error.fieldErrors).toEqual({ name: ["validation.invalid"] });
    await expectAppError(Promise.resolve().then(() => parseInput(z.string(), "a\u0000")), "VALIDATION", "validation.invalid");
  });
});
