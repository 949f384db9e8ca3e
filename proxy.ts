import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/config";
import { env } from "@/lib/env";
import { makeNonce, pagePolicy } from "@/lib/http/security-headers";

/** Pages for people who are not signed in. */
const publicPaths = [
  "/login",
  "/forgot-password",
  "/reset-password",
  "/portal/login",
  "/portal/signup",
  "/portal/forgot-password",
  "/portal/reset-password",
  "/manifest.webmanifest",
  "/api/docs",
];

const development = env.NODE_ENV === "development";
/** Behind a proxy that ends TLS the request itself is plain http: the public address decides. */
const https = env.APP_URL.startsWith("https:");

/** Methods that change nothing: the only ones another site's page may send here. */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
const appHost = new URL(env.APP_URL).host;

/**
 * Whether a request that may change something (a form post, a server action) came from another
 * site's page: the browser says so in `Sec-Fetch-Site`, or its `Origin` names another host than
 * this app's (its public address, or the host the request was sent to). Auth.js's own endpoints
 * check their CSRF token; the REST API takes no cookies.
 */
function crossSite(request: NextRequest): boolean {
  if (safeMethods.has(request.method)) return false;
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    // `Origin: null` (a sandboxed frame, a file) or nonsense: not this app.
    return true;
  }
  return ![appHost, request.headers.get("x-forwarded-host"), request.headers.get("host")].includes(host);
}

/**
 * Refuses a change sent from another site's page, gives every page its Content-Security-Policy
 * with a fresh script nonce, and sends a signed-out visitor to the sign-in page. The redirect is
 * for comfort only: every page and domain function checks the session and permission itself.
 */
export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const policy = pagePolicy(makeNonce(), { development, https });
  if (crossSite(request)) {
    return new NextResponse("A request from another site was refused.", { status: 403, headers: { "Content-Security-Policy": policy, "Content-Type": "text/plain; charset=utf-8" } });
  }
  let response: NextResponse;
  if (request.auth || publicPaths.some((path) => pathname === path || pathname.startsWith(`${path}/`))) {
    // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const login = new URL(pathname === "/portal" || pathname.startsWith("/portal/") ? "/portal/login" : "/login", request.nextUrl);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  }
  response.headers.set("Content-Security-Policy", policy);
  return response;
});

export const config = {
  // Pages only: the API and auth endpoints answer 401 themselves and carry a policy that runs
  // nothing (next.config.ts); static files need none. The API's reference is a page.
  matcher: ["/api/docs", "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|icons/|robots.txt).*)"],
};
