/**
 * The session cookie: never readable by scripts, not sent on cross-site subrequests, and over https
 * `Secure` with the `__Host-` prefix, which makes the browser refuse it unless it is Secure, for
 * this exact host and for every path — so a sibling subdomain cannot plant or shadow it.
 */
export function sessionCookie(appUrl: string) {
  return hostCookie(appUrl, "authjs.session-token");
}

/** A cookie on the session cookie's terms: HttpOnly, SameSite=Lax, and over https Secure with the `__Host-` prefix. */
function hostCookie(appUrl: string, name: string) {
  const secure = new URL(appUrl).protocol === "https:";
  return {
    name: `${secure ? "__Host-" : ""}${name}`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/**
 * The cookie that carries a sign-in from the right password to its code: the signed challenge
 * (`signChallenge`), for a few minutes, on the same terms as the session cookie.
 */
export function challengeCookie(appUrl: string) {
  return hostCookie(appUrl, "crm.sign-in-challenge");
}
