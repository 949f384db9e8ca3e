import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const layerRule = (from, message) => ({
  files: [from],
  rules: {
    "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*"], message }] }],
  },
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "node_modules/**", "playwright-report/**", "test-results/**", "next-env.d.ts"]),
  // Imports only point down: app → components, lib → db.
  layerRule("lib/**", "lib/ must not import from app/ or components/."),
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*", "@/lib/*"], message: "db/ imports nothing from lib/, app/ or components/." }] },
      ],
    },
  },
  {
    files: ["components/**"],
    ignores: ["components/ui/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*"], message: "components/ must not import from app/." }] }],
    },
  },
  {
    files: ["components/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/*", "@/db/*", "@/app/*"], message: "components/ui holds primitives only, with no data access." }] },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
