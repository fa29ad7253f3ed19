import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", ".data/**", "test-results/**", "playwright-report/**", "**/*.config.ts", "**/*.config.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration in the app's env.ts only." }],
    },
  },
  {
    files: ["**/env.ts", "**/*.test.ts", "scripts/**", "e2e/**", "packages/db/src/testing/**", "packages/redis/src/testing/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
