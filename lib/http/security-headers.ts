/**
 * The headers every response carries, and the Content-Security-Policy of pages. Plain data with no
 * server imports: `next.config.ts` and `proxy.ts` both read it.
 */

type Header = { key: string; value: string };

/** A fresh nonce for one response's scripts: 128 random bits, base64. */
export function makeNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The policy of an HTML page. Scripts run only with this response's nonce (Next.js puts it on its
 * own script tags when it finds it in the request's policy), and what they load is trusted through
 * `'strict-dynamic'`. Styles allow inline attributes: React and the charts write `style="…"`, which
 * a nonce cannot cover, and styles cannot run code. Development adds `'unsafe-eval'`, which React's
 * debugging needs.
 */
export function pagePolicy(nonce: string, options: { development: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The policy of everything that is not a page (JSON, CSV, events): it may load and run nothing. */
export const nonPagePolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers of every response. HSTS only in production: a browser that once met it refuses plain
 * http for the host for two years, which would lock out a development server on localhost.
 */
export function securityHeaders(options: { production: boolean }): Header[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(options.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
