/**
 * A list URL with `patch` applied to its current parameters; empty values and the defaults given
 * are left out, so URLs stay short and shareable.
 */
export function hrefWith(
  path: string,
  current: Record<string, string | number | undefined>,
  patch: Record<string, string | number | undefined>,
  defaults: Record<string, string | number> = {},
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...patch })) {
    if (value === undefined || value === "" || defaults[key] === value) continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
