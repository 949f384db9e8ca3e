import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeMemberAccount, makeUser } from "@/lib/factories";
import { deactivateUser } from "@/lib/users/commands";
import { createTeam, listTeamMembers, listTeams, salesScope, updateTeam } from "./teams";

const memberIdsOf = async (actor: Parameters<typeof listTeamMembers>[0], teamId: string) => (await listTeamMembers(actor, teamId)).map((member) => member.id).sort();

async function auditOf(teamId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "team"), eq(auditLog.entityId, teamId)))
    .orderBy(auditLog.id);
}

describe("createTeam and updateTeam", () => {
  it("create a team with its manager and members, and move a member out of their old team", async () => {
    const admin = await makeActor("admin");
    const manager = await makeUser("manager", { name: "Mia Manager" });
    const [ann, ben, cal] = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
    const east = await createTeam(admin, { name: "  East  ", managerId: manager.id, memberIds: [ann.id, ben.id, ben.id] });
    expect(east).toMatchObject({ name: "East", managerId: manager.id });
    expect(await memberIdsOf(admin, east.id)).toEqual([ann.id, ben.id].sort());
    expect((await listTeams(admin)).find((team) => team.id === east.id)).toMatchObject({ managerName: "Mia Manager", memberCount: 2 });

    // Ben joins West, and so leaves East; a form sends a lone member as a plain string.
    const west = await createTeam(admin, { name: "West", managerId: "", memberIds: ben.id });
    expect(west.managerId).toBeNull();
    expect(await memberIdsOf(admin, west.id)).toEqual([ben.id]);
    expect(await memberIdsOf(admin, east.id)).toEqual([ann.id]);
    expect((await auditOf(east.id)).map((entry) => entry.action)).toEqual(["team.create", "team.update"]);
    expect((await auditOf(east.id)).at(-1)!.changes).toEqual({ memberIds: { before: [ann.id, ben.id].sort(), after: [ann.id] } });

    const updated = await updateTeam(admin, east.id, { name: "East coast", managerId: manager.id, memberIds: [ann.id, cal.id, ben.id] });
    expect(updated.name).toBe("East coast");
    expect(await memberIdsOf(admin, east.id)).toEqual([ann.id, ben.id, cal.id].sort());
    expect(await memberIdsOf(admin, west.id)).toEqual([]);
    const last = (await auditOf(east.id)).at(-1)!;
    expect(last).toMatchObject({ action: "team.update" });
    expect(last.changes).toMatchObject({ name: { before: "East", after: "East coast" } });

    const emptied = await updateTeam(admin, east.id, { name: "East coast", managerId: "", memberIds: [] });
    expect(emptied.managerId).toBeNull();
    expect(await memberIdsOf(admin, east.id)).toEqual([]);
  });

  it("decide whose deals a rep and a manager see", async () => {
    const admin = await makeActor("admin");
    const manager = await makeUser("manager");
    const [ann, ben, cal] = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
    const north = await createTeam(admin, { name: "Scope north", managerId: manager.id, memberIds: [ann.id, ben.id] });
    await createTeam(admin, { name: "Scope south", managerId: manager.id, memberIds: [cal.id] });
    expect(await salesScope(actorOf(ann))).toEqual({ read: expect.arrayContaining([ann.id, ben.id]), write: [ann.id] });
    expect((await salesScope(actorOf(ann))).read).toHaveLength(2);
    const lead = await salesScope(actorOf(manager));
    expect([...lead.read!].sort()).toEqual([manager.id, ann.id, ben.id, cal.id].sort());
    expect(lead.write).toEqual(lead.read);
    expect(await salesScope(admin)).toEqual({ read: null, write: null });
    await updateTeam(admin, north.id, { name: "Scope north", memberIds: [ann.id] });
    expect(await salesScope(actorOf(ann))).toEqual({ read: [ann.id], write: [ann.id] });
  });

  it("need a manager or admin to lead, active staff as members and a name of their own", async () => {
    const adminUser = await makeUser("admin");
    const admin = actorOf(adminUser);
    const rep = await makeUser("sales_rep");
    const { membership } = await makeMemberAccount();
    const gone = await makeUser("sales_rep");
    await deactivateUser(admin, gone.email);
    const bad = await expectAppError(createTeam(admin, { name: "Bad", managerId: rep.id, memberIds: [membership.userId!, gone.id] }), "VALIDATION");
    expect(bad.fieldErrors).toEqual({ managerId: ["validation.teamManager"], memberIds: ["validation.teamMember"] });
    const unknown = await expectAppError(createTeam(admin, { name: "Unknown", managerId: crypto.randomUUID(), memberIds: [crypto.randomUUID()] }), "VALIDATION");
    expect(unknown.fieldErrors).toEqual({ managerId: ["validation.teamManager"], memberIds: ["validation.teamMember"] });
    const blank = await expectAppError(createTeam(admin, { name: " ", managerId: "x", memberIds: ["y"] }), "VALIDATION");
    expect(blank.fieldErrors).toMatchObject({ name: ["validation.required"], managerId: ["validation.invalid"] });
    expect(blank.fieldErrors!.memberIds).toBeDefined();
    // An admin may lead a team.
    const led = await createTeam(admin, { name: "Led by admin", managerId: adminUser.id, memberIds: [rep.id] });
    expect(await memberIdsOf(admin, led.id)).toEqual([rep.id]);

    await createTeam(admin, { name: "Unique team" });
    const taken = await expectAppError(createTeam(admin, { name: "UNIQUE TEAM" }), "CONFLICT");
    expect(taken.fieldErrors).toEqual({ name: ["validation.teamNameTaken"] });
    const other = await createTeam(admin, { name: "Another team" });
    const renamed = await expectAppError(updateTeam(admin, other.id, { name: "unique team" }), "CONFLICT");
    expect(renamed.fieldErrors).toEqual({ name: ["validation.teamNameTaken"] });
    await expectAppError(updateTeam(admin, crypto.randomUUID(), { name: "Nobody's" }), "NOT_FOUND");
    await expectAppError(updateTeam(admin, "not-an-id", { name: "Nobody's" }), "NOT_FOUND");
  });

  it("are for admins only", async () => {
    const admin = await makeActor("admin");
    const team = await createTeam(admin, { name: "Admins only" });
    for (const role of ["manager", "sales_rep", "support_agent"] as const) {
      const actor = await makeActor(role);
      await expectAppError(createTeam(actor, { name: `By ${role}` }), "FORBIDDEN");
      await expectAppError(updateTeam(actor, team.id, { name: `By ${role}` }), "FORBIDDEN");
    }
    expect((await listTeams(admin)).find((row) => row.id === team.id)).toMatchObject({ name: "Admins only" });
  });
});
