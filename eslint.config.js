// Lint rules. The one that matters for architecture: a module is entered only through its
// index.ts, so no file may import another module's internals ("deep imports").
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const modules = ["policy", "catalog", "cloud", "guardrail", "client", "cli"];

const deepImportRules = modules.map((name) => ({
  files: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
  ignores: [`src/${name}/**`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: `(^|/)${name}/(?!index\\.js$).+`,
            message: `import the ${name} module through its index.js only (no deep imports across modules)`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "web/dist/**", ".imageguard/**", "coverage/**", "test-artifacts/**"] },
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
