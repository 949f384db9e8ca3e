import { describe, expect, it } from "vitest";
import { makeActor, makeCustomer } from "@/lib/factories";
import { addChannel, listChannels, makeChannelPrimary, removeChannel } from "./channels";
import { mergeCustomers } from "./merge";
import { getCustomer, listCustomers } from "./queries";

describe("further e-mails and phones", () => {
  it("are added in normal form, swapped with the primary on request, and removed", async () => {
    const rep = await makeActor("sales_rep");
    const customer = await makeCustomer(rep, { email: "home@example.com", phone: "13800001111" });
    const work = await addChannel(rep, customer.id, { kind: "email", value: "Work@Example.com", label: "Work" });
    const mobile = await addChannel(rep, customer.id, { kind: "phone", value: "139 0000 2222" });
    expect([work.value, mobile.value]).toEqual(["work@example.com", "+8613900002222"]);

    await makeChannelPrimary(rep, work.id);
    expect((await getCustomer(rep, customer.id)).email).toBe("work@example.com");
    expect((await listChannels(rep, customer.id)).map((channel) => channel.value)).toEqual(["home@example.com", "+8613900002222"]);

    await removeChannel(rep, mobile.id);
    expect((await listChannels(rep, customer.id)).map((channel) => channel.value)).toEqual(["home@example.com"]);
  });

  it("refuse bad values, repeats, the primary itself, and agents; mask for agents", async () => {
    const rep = await makeActor("sales_rep");
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(rep, { email: "main@example.com" });
    await expect(addChannel(rep, customer.id, { kind: "email", value: "nope" })).rejects.toMatchObject({ fieldErrors: { value: ["validation.email"] } });
    await expect(addChannel(rep, customer.id, { kind: "phone", value: "123" })).rejects.toMatchObject({ fieldErrors: { value: ["validation.phone"] } });
    await expect(addChannel(rep, customer.id, { kind: "email", value: "MAIN@example.com" })).rejects.toMatchObject({ fieldErrors: { value: ["errors.channelIsPrimary"] } });
    await addChannel(rep, customer.id, { kind: "email", value: "second@example.com" });
    await expect(addChannel(rep, customer.id, { kind: "email", value: "second@example.com" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(addChannel(agent, customer.id, { kind: "email", value: "x@example.com" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listChannels(agent, customer.id))[0]!.value).toBe("s***@example.com");
  });

  it("move with a merge, with the merged record's own e-mail kept as a further one", async () => {
    const manager = await makeActor("manager");
    const keep = await makeCustomer(manager, { email: "keep.me@example.com" });
    const old = await makeCustomer(manager, { email: "old.me@example.com" });
    await addChannel(manager, old.id, { kind: "phone", value: "13700003333" });
    await mergeCustomers(manager, { keepId: keep.id, mergeId: old.id });
    expect((await listChannels(manager, keep.id)).map((channel) => channel.value).sort()).toEqual(["+8613700003333", "old.me@example.com"]);
  });
});

describe("the customer search", () => {
  it("finds a customer by part of a further e-mail or phone", async () => {
    const rep = await makeActor("sales_rep");
    const tag = Math.random().toString(36).slice(2, 8);
    const customer = await makeCustomer(rep, { name: `Channel Search ${tag}`, email: `main.${tag}@example.com` });
    await addChannel(rep, customer.id, { kind: "email", value: `second.${tag}@work.example` });
    await addChannel(rep, customer.id, { kind: "phone", value: "139 7654 3210" });
    expect((await listCustomers(rep, { q: `second.${tag}` })).rows.map((row) => row.id)).toEqual([customer.id]);
    expect((await listCustomers(rep, { q: "7654 321" })).rows.map((row) => row.id)).toContain(customer.id);
    expect((await listCustomers(rep, { q: `nobody.${tag}` })).rows).toEqual([]);
  });
});
