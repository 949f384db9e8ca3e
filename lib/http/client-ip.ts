/**
 * The client's address as the reverse proxy in front of the app saw it: the right-most
 * `X-Forwarded-For` entry, the one the proxy appended. Entries to its left come from the client and
 * can say anything. Without a proxy that appends the header, the address cannot be trusted.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
