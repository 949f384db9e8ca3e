import { describe, expect, it } from "vitest";
import { formatCustomerNumber, maskContact, maskEmail, maskPhone, normalisePhone, parseCustomerNumber, phoneDigits } from "./rules";

describe("customer numbers", () => {
  it("pads to six digits and reads back what people type", () => {
    expect(formatCustomerNumber(123)).toBe("C-000123");
    expect(formatCustomerNumber(1234567)).toBe("C-1234567");
    expect(parseCustomerNumber("C-000123")).toBe(123);
    expect(parseCustomerNumber("c123")).toBe(123);
    expect(parseCustomerNumber("Chen")).toBeNull();
  });
});

describe("normalisePhone", () => {
  it("reads national numbers in the organisation's country", () => {
    expect(normalisePhone("138 0013 8000", "CN")).toBe("+8613800138000");
    expect(normalisePhone("(415) 555-2671", "US")).toBe("+14155552671");
  });

  it("keeps an explicit country code", () => {
    expect(normalisePhone("+44 20 7946 0958", "CN")).toBe("+442079460958");
  });

  it("refuses what cannot be a phone number", () => {
    expect(normalisePhone("12345", "CN")).toBeNull();
    expect(normalisePhone("call me", "CN")).toBeNull();
  });
});

describe("phoneDigits", () => {
  it("keeps the digits of phone-like text of three digits or more", () => {
    expect(phoneDigits("138-0013")).toBe("1380013");
    expect(phoneDigits("+86 138")).toBe("86138");
    expect(phoneDigits("12")).toBeNull();
    expect(phoneDigits("Li 138")).toBeNull();
  });
});

describe("masking personal contact details", () => {
  it("hides the middle of phone numbers and the local part of e-mail addresses", () => {
    expect(maskPhone("+8613812345678")).toBe("+86 138****5678");
    expect(maskPhone("+6591234567")).toBe("+65 9***4567");
    expect(maskEmail("john.smith@example.com")).toBe("j***@example.com");
    expect(maskEmail("broken")).toBe("***");
  });

  it("masks both fields of a record and leaves empty ones empty", () => {
    expect(maskContact({ name: "Li", email: "li@example.cn", phone: null })).toEqual({ name: "Li", email: "l***@example.cn", phone: null });
  });
});

describe("activeFilters", () => {
  it("keeps the filters that are set and none of the list's paging or sorting", async () => {
    const { activeFilters, customerListParamsSchema } = await import("./schemas");
    const params = customerListParamsSchema.parse({ q: "li", city: "上海", tag: "", page: "3", sort: "name" });
    expect(activeFilters(params)).toEqual({ q: "li", city: "上海" });
    expect(activeFilters(customerListParamsSchema.parse({}))).toEqual({});
  });
});
