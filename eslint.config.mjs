// ESLint 9 flat config: typescript-eslint's type-checked rules for all TypeScript, plain
// recommended rules for the few JavaScript files (next.config.js, the schema-engine shim).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { i18nTextRules } from "./eslint.i18n.mjs";


export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".cache/**",
      "lib/generated/**",
      "next-env.d.ts",
      // Deliberately wrong or hostile student submissions: linting them would "fix" the test data.
      "exercises/*/samples/**",
      "exercises/*/mistakes/**",
      "tests/fixtures/hostile/**",
      "tests/fixtures/hostile-packages/**",
      // Dot-files are scratch space, outside tsconfig's project.
      "**/.*",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Next's server actions and React event handlers pass promises around on purpose.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Pages and actions are adapters over lib/: the reverse would tie the library to one router.
    files: ["lib/**/*.ts", "pages/**/*.ts", "components/**/*.tsx", "scripts/**/*.ts", "instrumentation.ts"],
    ignores: ["lib/grading/isolate/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(@/app/|(\\.\\./)+app/|\\./app/)", message: "nothing imports app/: move what you need into lib/" }] }],
    },
  },
  {
    // Code that runs inside the isolates (lib/grading/isolate/README.md): ECMAScript built-ins
    // only, imports from its own folder and the engine.
    files: ["lib/grading/isolate/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["process", "require", "Buffer", "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "queueMicrotask", "fetch", "console", "window", "document", "performance", "structuredClone", "__dirname", "__filename"].map(
          (name) => ({ name, message: "not available inside an isolate (lib/grading/isolate/README.md)" }),
        ),
      ],
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!\\./|@/lib/engine$)", message: "isolate code imports only from lib/grading/isolate/ and @/lib/engine" }] }],
    },
  },
  i18nTextRules,
  {
    // Starters are stubs students fill in: unused parameters are the point.
    files: ["exercises/*/starter.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", WebAssembly: "readonly", setTimeout: "readonly" },
    },
  },
);
