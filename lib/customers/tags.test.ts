import { describe, expect, it } from "vitest";
import { makeActor, makeCustomer } from "@/lib/factories";
import { listTags, setTagColor } from "./tags";

describe("tag colours", () => {
  it("lists tags in use by how often, and keeps the colour chosen for each", async () => {
    const manager = await makeActor("manager");
    await makeCustomer(manager, { tags: "gold, tea" });
    await makeCustomer(manager, { tags: "gold" });
    await setTagColor(manager, { name: "gold", color: "amber" });
    expect(await listTags(manager)).toEqual([
      { name: "gold", count: 2, color: "amber" },
      { name: "tea", count: 1, color: "slate" },
    ]);
    await setTagColor(manager, { name: "gold", color: "orange" });
    expect((await listTags(manager))[0]!.color).toBe("orange");
  });

  it("refuses unknown colours and reps", async () => {
    const manager = await makeActor("manager");
    const rep = await makeActor("sales_rep");
    await expect(setTagColor(manager, { name: "gold", color: "chartreuse" })).rejects.toMatchObject({ fieldErrors: { color: ["validation.invalid"] } });
    await expect(setTagColor(rep, { name: "gold", color: "red" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
