/** How many minor units make one major unit of `currency` (100 for CNY, 1 for JPY). */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount stored in minor units (integer cents/fen), as a number of major units for display. */
export function toMajorUnits(minor: number | bigint, currency: string): number {
  return Number(minor) / 10 ** minorUnitDigits(currency);
}
