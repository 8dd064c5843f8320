// Typed reading of a scenario document (plain data from YAML or JSON) that records a problem for
// every field of the wrong shape instead of stopping at the first, like policy validation does.
import type { Problem } from "./types.js";
import { itemPath, memberPath } from "./validate/path.js";
import { closestName } from "./validate/suggest.js";

export type ScenarioProblemCode =
  | "unknown-field"
  | "missing-field"
  | "invalid-type"
  | "invalid-value"
  | "not-applicable"
  | "undefined-policy"
  | "unused-policy"
  | "reserved-name"
  | "duplicate-node"
  | "undefined-node"
  | "invalid-parent"
  | "directory-cycle"
  | "too-many-levels"
  | "too-many-groups"
  | "too-many-control-policies"
  | "duplicate-attachment"
  | "node-without-policy"
  | "account-not-in-directory";

export type Fields = Readonly<Record<string, unknown>>;

/** Scenario documents have no positions: the caller maps paths back to its source text. */
export class ScenarioReader {
  readonly problems: Problem[] = [];

  error(code: ScenarioProblemCode, path: string, message: string, help?: string): void {
    this.push("error", code, path, message, help);
  }

  warning(code: ScenarioProblemCode, path: string, message: string, help?: string): void {
    this.push("warning", code, path, message, help);
  }

  /**
   * Adds a policy document's problems under the path where the document sits. Positions in a
   * document given as text are kept in the message, since the path cannot reach inside a string.
   */
  adopt(problems: readonly Problem[], at: string, fromText: boolean): void {
    for (const problem of problems) {
      const path =
        problem.path === ""
          ? at
          : problem.path.startsWith("[")
            ? `${at}${problem.path}`
            : `${at}.${problem.path}`;
      const message = fromText
        ? `${problem.message} (line ${problem.line}, column ${problem.column} of the document text)`
        : problem.message;
      this.problems.push({ ...problem, path, message, line: 1, column: 1 });
    }
  }

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === "error");
  }

  /** An object with only the `allowed` fields; an unknown one is an error with a spelling suggestion. */
  object(value: unknown, path: string, allowed: readonly string[]): Fields | undefined {
    if (!isPlainObject(value)) {
      this.error("invalid-type", path, `${describe(path)} must be a mapping, found ${typeName(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const suggestion = closestName(key, allowed);
      this.error(
        "unknown-field",
        memberPath(path, key),
        `unknown field \`${key}\``,
        suggestion === undefined
          ? `the fields here are ${allowed.map((name) => `\`${name}\``).join(", ")}`
          : `did you mean \`${suggestion}\`?`,
      );
    }
    return value;
  }

  /** A mapping with free keys (policy names, group names, context keys). */
  map(value: unknown, path: string): Fields | undefined {
    if (!isPlainObject(value)) {
      this.error("invalid-type", path, `${describe(path)} must be a mapping, found ${typeName(value)}`);
      return undefined;
    }
    return value;
  }

  string(fields: Fields, key: string, path: string, required = false): string | undefined {
    const value = fields[key];
    const at = memberPath(path, key);
    if (value === undefined) {
      if (required) this.error("missing-field", path, `missing field \`${key}\``);
      return undefined;
    }
    if (typeof value !== "string" || value === "") {
      const quoted = typeof value === "number" ? `; write it in quotes: \`"${String(value)}"\`` : "";
      this.error(
        "invalid-type",
        at,
        `\`${key}\` must be a non-empty string, found ${typeName(value)}`,
        quoted === "" ? undefined : `YAML reads unquoted digits as a number${quoted}`,
      );
      return undefined;
    }
    return value;
  }

  /** One of a few words; `fallback` when the field is absent. */
  choice<T extends string>(
    fields: Fields,
    key: string,
    path: string,
    choices: readonly T[],
    fallback?: T,
  ): T | undefined {
    const value = fields[key];
    if (value === undefined) {
      if (fallback === undefined)
        this.error("missing-field", path, `missing field \`${key}\``, `write one of ${list(choices)}`);
      return fallback;
    }
    if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
    this.error(
      "invalid-value",
      memberPath(path, key),
      `\`${key}\` must be one of ${list(choices)}, found ${shown(value)}`,
    );
    return undefined;
  }

  boolean(fields: Fields, key: string, path: string, fallback: boolean): boolean {
    const value = fields[key];
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    this.error(
      "invalid-type",
      memberPath(path, key),
      `\`${key}\` must be \`true\` or \`false\`, found ${shown(value)}`,
    );
    return fallback;
  }

  /** A list of non-empty strings; a single string is a one-element list (as in policies). */
  stringList(value: unknown, path: string): string[] | undefined {
    const items = typeof value === "string" ? [value] : value;
    if (!Array.isArray(items)) {
      this.error(
        "invalid-type",
        path,
        `${describe(path)} must be a list of strings, found ${typeName(value)}`,
      );
      return undefined;
    }
    let ok = true;
    items.forEach((item, index) => {
      if (typeof item !== "string" || item === "") {
        this.error(
          "invalid-type",
          itemPath(path, index),
          `list items must be non-empty strings, found ${typeName(item)}`,
        );
        ok = false;
      }
    });
    return ok ? (items as string[]) : undefined;
  }

  /** Forbids a field that does not apply in this case (`groups` for a role). */
  notApplicable(fields: Fields, key: string, path: string, why: string): void {
    if (fields[key] !== undefined)
      this.error(
        "not-applicable",
        memberPath(path, key),
        `\`${key}\` does not apply ${why}`,
        `remove \`${key}\``,
      );
  }

  private push(
    severity: Problem["severity"],
    code: ScenarioProblemCode,
    path: string,
    message: string,
    help?: string,
  ): void {
    this.problems.push({
      code,
      severity,
      path,
      line: 1,
      column: 1,
      message,
      ...(help === undefined ? {} : { help }),
    });
  }
}

export function isPlainObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(path: string): string {
  return path === "" ? "the scenario" : `\`${path}\``;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  return `a ${typeof value} (\`${String(value)}\`)`;
}

function shown(value: unknown): string {
  return typeof value === "string" ? `\`${value}\`` : typeName(value);
}

function list(choices: readonly string[]): string {
  return choices.map((choice) => `\`${choice}\``).join(", ");
}
