import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** `C-000123`, the number people read and say on the phone. */
export function formatCustomerNumber(number: number): string {
  return `C-${String(number).padStart(6, "0")}`;
}

/** The number inside a typed `C-000123`, `c123` or `C 123`, if that is what the text is. */
export function parseCustomerNumber(text: string): number | null {
  const match = /^c[-\s]?0*(\d{1,12})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/**
 * A phone number in E.164 (`+8613800138000`), reading numbers without a country code as
 * numbers of `defaultCountry`; `null` when it is not a possible phone number.
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode): string | null {
  const phone = parsePhoneNumberFromString(raw.trim(), { defaultCountry, extract: false });
  return phone?.isValid() ? phone.number : null;
}

/** The digits of a search text, when it looks like part of a phone number. */
export function phoneDigits(text: string): string | null {
  if (!/^[+\d\s().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  return digits.length >= 3 ? digits : null;
}

/** An E.164 number as people write it internationally: `+86 138 0013 8000`. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
