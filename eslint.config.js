// Lint rules. The one that matters for architecture: a module is entered only through its
// index.ts, so no file may import another module's internals ("deep imports").
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const modules = ["policy", "catalog", "cloud", "guardrail", "client", "console", "cli"];

// Inside src, a module reaches another only through its top-level index.ts. Tests and benchmarks
// stand outside every module and may also use a sub-module's index.ts (`src/cloud/http/index.js`).
const restrict = (regex, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ regex, message }] }],
});

const deepImportRules = [
  ...modules.map((name) => {
    const others = modules.filter((m) => m !== name).join("|");
    return {
      files: [`src/${name}/**/*.{ts,tsx}`],
      rules: restrict(
        `^(\\.\\./)+(${others})/(?!index\\.js$).+`,
        "import another module through its index.js only (no deep imports across modules)",
      ),
    };
  }),
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "test/**/*.tsx"],
    rules: restrict(
      `(^|/)src/(${modules.join("|")})/(?!(.+/)?index\\.js$).+`,
      "import the module through an index.js (no deep imports into a module's files)",
    ),
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "web/dist/**",
      ".imageguard/**",
      "coverage/**",
      "test-artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "use named exports (no default exports)" },
        { selector: "TSEnumDeclaration", message: "use a string-literal union instead of an enum" },
      ],
    },
  },
  ...deepImportRules,
  {
    files: ["eslint.config.js", "vitest.config.ts", "prettier.config.js"],
    rules: { "no-restricted-syntax": "off" },
  },
);
