// @ts-check
// Lint: ESLint's recommended rules plus typescript-eslint's type-aware set, on every package, example and script.
// Type information comes from each package's tsconfig.json; the root tsconfig.json gives the test files theirs.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** Node's globals, for the plain JavaScript files (bins, benches, scripts): TypeScript files get theirs from @types/node. */
const nodeGlobals = readonlyGlobals(
  "require module exports process console __dirname __filename Buffer URL URLSearchParams setTimeout clearTimeout setInterval " +
    "clearInterval setImmediate performance fetch AbortController AbortSignal structuredClone TextEncoder TextDecoder",
);
const jestGlobals = readonlyGlobals("describe it test expect beforeAll afterAll beforeEach afterEach jest");

function readonlyGlobals(names) {
  return Object.fromEntries(names.split(" ").map((name) => [name, "readonly"]));
}

export default defineConfig(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/coverage/**", "**/.turbo/**", "**/fixtures/**", "docs/api/**"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Leaving out keys by destructuring (`const { secrets: _s, ...rest } = x`) is how the code omits fields.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Pulumi's dynamic ResourceProvider methods (configure, check, diff…) must return promises; `async` without
      // `await` is the plain way to do that.
      "@typescript-eslint/require-await": "off",
      // Indexed reads the code knows are present carry `!` (`m[1]!`), as if `noUncheckedIndexedAccess` were on; this
      // rule would strip the ~200 of them that the current compiler options make redundant.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
    },
  },
  {
    // Providers, policies and the emulator work on untyped JSON (Pulumi's property bags, request bodies, saved
    // objects): labels, messages and sort keys interpolate or stringify values read from it.
    files: ["packages/pulumi/src/**/provider.ts", "packages/policy/src/**", "packages/kibana-emulator/src/**"],
    rules: {
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    // A policy's resource props are `any` in Pulumi's policy API; the helpers narrow them where they are read.
    files: ["packages/policy/src/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // Tests assert on parsed JSON response bodies and mock objects, which are `any` by nature; they stringify objects
    // on purpose (to see what a rendering leaks) and destructure module functions.
    files: ["**/*.test.ts", "**/__tests__/**", "**/test/**", "test/e2e/src/**", "**/test-support/**"],
    rules: {
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  { files: ["**/*.mjs"], languageOptions: { sourceType: "module" } },
  { files: ["**/test-support/**/*.js"], languageOptions: { globals: jestGlobals } },
);
