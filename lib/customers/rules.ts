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

/** A phone number with the middle of its national part hidden: `+86 138****5678`. */
export function maskPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  const national = phone ? String(phone.nationalNumber) : e164.replace(/\D/g, "");
  const visibleEnd = national.length > 6 ? 4 : 2;
  const visibleStart = national.length > 8 ? 3 : 1;
  const hidden = "*".repeat(Math.max(2, national.length - visibleStart - visibleEnd));
  const masked = `${national.slice(0, visibleStart)}${hidden}${national.slice(-visibleEnd)}`;
  return phone ? `+${phone.countryCallingCode} ${masked}` : masked;
}

/** An e-mail address with all but the first letter of its local part hidden: `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Hides the personal contact fields of a customer from someone who may not see them. */
export function maskContact<T extends { email: string | null; phone: string | null }>(customer: T): T {
  return { ...customer, email: customer.email && maskEmail(customer.email), phone: customer.phone && maskPhone(customer.phone) };
}
