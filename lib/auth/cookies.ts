/**
 * The session cookie: never readable by scripts, not sent on cross-site subrequests, and over https
 * `Secure` with the `__Host-` prefix, which makes the browser refuse it unless it is Secure, for
 * this exact host and for every path — so a sibling subdomain cannot plant or shadow it.
 */
export function sessionCookie(appUrl: string) {
  const secure = new URL(appUrl).protocol === "https:";
  return {
    name: `${secure ? "__Host-" : ""}authjs.session-token`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/**
 * The cookie that carries a sign-in from the right password to its code: the signed challenge
 * (`signChallenge`), for a few minutes, on the same terms as the session cookie.
 */
export function challengeCookie(appUrl: string) {
  const secure = new URL(appUrl).protocol === "https:";
  return {
    name: `${secure ? "__Host-" : ""}crm.sign-in-challenge`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}
