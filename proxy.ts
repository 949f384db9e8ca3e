import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/config";

/**
 * Sends a signed-out visitor to the sign-in page, for comfort only: every page and domain
 * function checks the session and permission itself.
 */
/** Pages for people who are not signed in. */
const publicPaths = ["/login", "/forgot-password", "/reset-password", "/portal/login", "/portal/signup", "/portal/forgot-password", "/portal/reset-password", "/manifest.webmanifest"];

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth || publicPaths.some((path) => pathname === path || pathname.startsWith(`${path}/`))) {
    return NextResponse.next();
  }
  const login = new URL(pathname === "/portal" || pathname.startsWith("/portal/") ? "/portal/login" : "/login", request.nextUrl);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
});

export const config = {
  // Everything but the auth and API endpoints (which answer 401 themselves) and static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|icons/|robots.txt).*)"],
};
