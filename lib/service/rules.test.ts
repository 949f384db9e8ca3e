import { describe, expect, it } from "vitest";
import { settingDefinitions } from "@/lib/settings/schemas";
import { canMoveTo, clocksIn, fillPlaceholders, nextStatuses, parseTicketNumber, raisedPriority, statusAfterMessage } from "./rules";

const settings = settingDefinitions.service.defaults;

describe("ticket status rules", () => {
  it("allow only the moves a desk makes, and keep a closed ticket closed", () => {
    expect(nextStatuses("new")).toEqual(["open", "pending", "on_hold", "solved"]);
    expect(canMoveTo("pending", "open")).toBe(true);
    expect(canMoveTo("solved", "open")).toBe(true);
    expect(canMoveTo("solved", "pending")).toBe(false);
    expect(canMoveTo("open", "closed")).toBe(false);
    expect(canMoveTo("open", "new")).toBe(false);
    expect(nextStatuses("closed")).toEqual([]);
  });

  it("open a new ticket on the first public reply, reopen on the customer's reply, and ignore notes", () => {
    expect(statusAfterMessage("new", { by: "staff", internal: false })).toBe("open");
    expect(statusAfterMessage("new", { by: "staff", internal: true })).toBe("new");
    expect(statusAfterMessage("pending", { by: "staff", internal: false })).toBe("pending");
    expect(statusAfterMessage("pending", { by: "customer", internal: false })).toBe("open");
    expect(statusAfterMessage("solved", { by: "customer", internal: false })).toBe("open");
    expect(statusAfterMessage("on_hold", { by: "customer", internal: false })).toBe("on_hold");
  });

  it("run or pause each clock as the settings say, and stop both once solved", () => {
    expect(clocksIn(settings, "open")).toEqual({ firstResponse: true, resolution: true });
    expect(clocksIn(settings, "pending")).toEqual({ firstResponse: true, resolution: false });
    expect(clocksIn(settings, "solved")).toEqual({ firstResponse: false, resolution: false });
    expect(clocksIn({ clocks: { ...settings.clocks, on_hold: { firstResponse: false, resolution: false } } }, "on_hold")).toEqual({ firstResponse: false, resolution: false });
  });

  it("raise a priority one step at a time, up to urgent", () => {
    expect(raisedPriority("low")).toBe("normal");
    expect(raisedPriority("high")).toBe("urgent");
    expect(raisedPriority("urgent")).toBe("urgent");
  });
});

describe("canned reply placeholders", () => {
  it("fill known placeholders, leave a missing value empty and an unknown placeholder as typed", () => {
    expect(fillPlaceholders("Hi {{customer.name}}, re {{ order.number }}{{agent.name}} {{ticket.nope}}", { "customer.name": "王芳", "agent.name": "Lin" })).toBe(
      "Hi 王芳, re Lin {{ticket.nope}}",
    );
  });

  it("read ticket numbers as people type them", () => {
    expect(parseTicketNumber("#1042")).toBe(1042);
    expect(parseTicketNumber(" 1042 ")).toBe(1042);
    expect(parseTicketNumber("# 7")).toBe(7);
    expect(parseTicketNumber("10a")).toBeNull();
  });
});
