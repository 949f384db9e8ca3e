/** How many minor units make one major unit of `currency` (100 for CNY, 1 for JPY). */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount stored in minor units (integer cents/fen), as a number of major units for display. */
export function toMajorUnits(minor: number | bigint, currency: string): number {
  return Number(minor) / 10 ** minorUnitDigits(currency);
}

/**
 * An amount stored in minor units as exact major-unit text (`120050` CNY → `"1200.50"`, `-5` → `"-0.05"`, JPY → `"500"`),
 * the form the domain's money inputs take: no rounding, no grouping, no currency sign.
 */
export function toMajorUnitsText(minor: number, currency: string): string {
  if (minor < 0) return `-${toMajorUnitsText(-minor, currency)}`;
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A typed amount of major units (`1,200.50`, or a JSON number) in minor units, or null when it is
 * not an amount of `currency` (a negative number, or more decimals than the currency has).
 */
export function toMinorUnits(major: string | number, currency: string): number | null {
  const text = typeof major === "number" ? String(major) : major.replace(/[,\s]/g, "");
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
}
