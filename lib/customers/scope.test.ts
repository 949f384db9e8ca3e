import { describe, expect, it } from "vitest";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeUser, seedActor } from "@/lib/factories";
import { createTeam } from "@/lib/sales/teams";
import { bulkUpdateCustomers } from "./bulk";
import { updateCustomer } from "./commands";
import { getCustomer, listCustomers } from "./queries";

/** East: a manager leading rep and mate; West: outsider. */
async function makeTeams() {
  const [managerUser, repUser, mateUser, outsiderUser] = [await makeUser("manager"), await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
  const tag = Math.random().toString(36).slice(2, 8);
  await createTeam(seedActor, { name: `East ${tag}`, managerId: managerUser.id, memberIds: [repUser.id, mateUser.id] });
  await createTeam(seedActor, { name: `West ${tag}`, managerId: null, memberIds: [outsiderUser.id] });
  return { manager: actorOf(managerUser), rep: actorOf(repUser), mate: actorOf(mateUser), outsider: actorOf(outsiderUser), tag };
}

describe("which customers a seller works with", () => {
  it("a rep edits their own and unowned customers, reads their team's, and gets 404 for another team's", async () => {
    const { manager, rep, mate, outsider, tag } = await makeTeams();
    const own = await makeCustomer(rep, { name: `Own ${tag}` });
    const mates = await makeCustomer(mate, { name: `Mate's ${tag}` });
    const theirs = await makeCustomer(outsider, { name: `Theirs ${tag}` });
    const nobodys = await makeCustomer(seedActor, { name: `Nobody's ${tag}` });

    expect((await listCustomers(rep, { q: tag, sort: "name", dir: "asc" })).rows.map((row) => row.name)).toEqual([`Mate's ${tag}`, `Nobody's ${tag}`, `Own ${tag}`]);
    await expectAppError(getCustomer(rep, theirs.id), "NOT_FOUND");
    expect((await getCustomer(rep, mates.id)).name).toBe(`Mate's ${tag}`);

    expect((await updateCustomer(rep, own.id, { name: `Own ${tag} renamed` })).name).toBe(`Own ${tag} renamed`);
    expect((await updateCustomer(rep, nobodys.id, { name: `Nobody's ${tag}`, city: "Hangzhou" })).city).toBe("Hangzhou");
    await expectAppError(updateCustomer(rep, mates.id, { name: "Taken over" }), "FORBIDDEN");
    await expectAppError(updateCustomer(rep, theirs.id, { name: "Taken over" }), "NOT_FOUND");
    expect((await getCustomer(rep, mates.id)).name).toBe(`Mate's ${tag}`);

    // Bulk actions change only what the rep may change.
    const result = await bulkUpdateCustomers(rep, { target: { ids: [own.id, mates.id, theirs.id] }, action: { type: "addTag", tag: "bulk" } });
    expect(result).toEqual({ matched: 1, changed: 1 });
    expect((await getCustomer(rep, mates.id)).tags).not.toContain("bulk");

    // The manager works the whole team's; an agent and an admin read everyone's.
    expect((await updateCustomer(manager, mates.id, { name: `Mate's ${tag}`, city: "Suzhou" })).city).toBe("Suzhou");
    await expectAppError(getCustomer(manager, theirs.id), "NOT_FOUND");
    expect((await getCustomer(await makeActor("support_agent"), theirs.id)).id).toBe(theirs.id);
    expect((await listCustomers(await makeActor("admin"), { q: tag })).total).toBe(4);
  });
});
