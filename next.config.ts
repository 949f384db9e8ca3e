import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { nonPagePolicy, securityHeaders } from "./lib/http/security-headers";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder: it must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  typedRoutes: true,
  experimental: {
    // CSV imports upload up to 20 MB through a server action (and through the proxy before it).
    serverActions: { bodySizeLimit: "21mb" },
    proxyClientMaxBodySize: "21mb",
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders({ production: process.env.NODE_ENV === "production" }) },
      // Pages get a policy with a fresh nonce from proxy.ts; the API's answers may run nothing.
      { source: "/api/:path((?!docs$).*)", headers: [{ key: "Content-Security-Policy", value: nonPagePolicy }] },
    ];
  },
};

export default withNextIntl(nextConfig);
