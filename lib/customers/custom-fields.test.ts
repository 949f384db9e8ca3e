import { describe, expect, it } from "vitest";
import { makeActor, makeCustomer } from "@/lib/factories";
import { createCustomer } from "./commands";
import { createCustomField, deleteCustomField, listCustomFields } from "./custom-fields";

describe("custom fields", () => {
  it("are defined by admins and checked on every customer by their type", async () => {
    const admin = await makeActor("admin");
    await createCustomField(admin, { label: "Membership card", key: "card_no", type: "text", required: "on" });
    await createCustomField(admin, { label: "Household size", key: "household", type: "number" });
    await createCustomField(admin, { label: "Favourite tea", key: "tea", type: "select", options: "Longjing\nPu'er, Oolong" });
    await createCustomField(admin, { label: "First visit", key: "first_visit", type: "date" });
    expect((await listCustomFields()).map((field) => field.key)).toEqual(["card_no", "household", "tea", "first_visit"]);

    const customer = await makeCustomer(admin, { customFields: { card_no: "M-1001", household: "4", tea: "Oolong", first_visit: "2024-05-01" } });
    expect(customer.customFields).toEqual({ card_no: "M-1001", household: 4, tea: "Oolong", first_visit: "2024-05-01" });

    await expect(createCustomer(admin, { name: "Bad Values", customFields: { household: "many", tea: "Coffee", first_visit: "yesterday" } })).rejects.toMatchObject({
      fieldErrors: {
        "customFields.card_no": ["validation.required"],
        "customFields.household": ["validation.number"],
        "customFields.tea": ["validation.invalid"],
        "customFields.first_visit": ["validation.date"],
      },
    });
    // A day that does not exist is not moved to the next month.
    await expect(createCustomer(admin, { name: "No Such Day", customFields: { card_no: "M-1002", first_visit: "2024-02-30" } })).rejects.toMatchObject({
      fieldErrors: { "customFields.first_visit": ["validation.date"] },
    });
  });

  it("refuse bad keys, duplicate keys, a select without choices, and non-admins", async () => {
    const admin = await makeActor("admin");
    await expect(createCustomField(admin, { label: "X", key: "Bad Key", type: "text" })).rejects.toMatchObject({ fieldErrors: { key: ["validation.fieldKey"] } });
    await expect(createCustomField(admin, { label: "X", key: "choice", type: "select", options: " , " })).rejects.toMatchObject({
      fieldErrors: { options: ["validation.selectOptions"] },
    });
    const field = await createCustomField(admin, { label: "Once", key: "once", type: "text" });
    await expect(createCustomField(admin, { label: "Twice", key: "once", type: "text" })).rejects.toMatchObject({ code: "CONFLICT" });
    const manager = await makeActor("manager");
    await expect(createCustomField(manager, { label: "M", key: "m", type: "text" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteCustomField(admin, field.id);
    await expect(deleteCustomField(admin, field.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
