import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // wasm/ is AssemblyScript (u64 literals, load<T>…): its compiler checks it (scripts/wasm-inflate.mjs).
  {
    ignores: [
      "dist",
      "node_modules",
      "scratch",
      "wasm",
      "bench/data",
      "bench/out",
      "test-results",
      "playwright-report",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["src/core/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "react", "react-dom", "../ui/*", "../node/*"],
              message: "src/core stays pure: no Node, DOM or React imports",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/cli/**", "bin/**", "bench/**", "test/**", "e2e/**", "scripts/test.mjs"],
    rules: { "no-console": "off" },
  },
);
