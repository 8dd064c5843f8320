// Reading imageguard.yaml's nodes with their positions. The YAML AST keeps each node's source range,
// so every problem points at the exact key or value; the reader collects problems instead of
// stopping, and returns undefined for a value it could not read so the caller carries on.
import { isAlias, isMap, isScalar, isSeq } from "yaml";
import type { Document, LineCounter, Node, Pair } from "yaml";
import { closestName, type Problem } from "../../policy/index.js";
import { SPEC_PROBLEM_CODES } from "./problem-codes.js";
import type { SpecProblemCode } from "./problem-codes.js";
import type { SpecPosition } from "./types.js";

/** A mapping's entries by key, each with its key node (where "unknown field" points). */
export type Fields = ReadonlyMap<string, { readonly key: Node; readonly value: Node | null }>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function memberPath(parent: string, name: string): string {
  if (IDENTIFIER.test(name)) return parent === "" ? name : `${parent}.${name}`;
  return `${parent}[${JSON.stringify(name)}]`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export class SpecReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === "error");
  }

  position(node: Node | null | undefined, path: string): SpecPosition {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lineCounter.linePos(offset);
    return { path, line, column: col };
  }

  report(
    code: SpecProblemCode,
    node: Node | null | undefined,
    path: string,
    message: string,
    help?: string,
  ): void {
    const { line, column } = this.position(node, path);
    this.problems.push({
      code,
      severity: SPEC_PROBLEM_CODES[code].severity,
      path,
      line,
      column,
      message,
      ...(help === undefined ? {} : { help }),
    });
  }

  /** Follows an alias (`*anchor`) to the node it names, so anchors work as YAML users expect. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /** The source text of a node, e.g. the digits of an account id YAML read as a number. */
  text(node: Node): string {
    const range = node.range;
    return range === undefined || range === null ? "" : this.source.slice(range[0], range[1]).trim();
  }

  describe(node: Node | null): string {
    if (node === null) return "nothing";
    if (isMap(node)) return "a mapping";
    if (isSeq(node)) return "a list";
    if (isScalar(node)) {
      const value = node.value;
      if (value === null) return "null";
      if (typeof value === "number") return `the number \`${this.text(node)}\``;
      if (typeof value === "boolean") return `the boolean \`${String(value)}\``;
      if (typeof value === "string") return `the string \`${value}\``;
    }
    return "a value of another kind";
  }

  /**
   * A mapping's fields: reports a non-mapping, keys that are not strings and unknown keys (with the
   * closest known one). `required` fields that are absent are reported at the mapping.
   */
  fields(
    raw: unknown,
    path: string,
    known: readonly string[],
    required: readonly string[] = [],
    what = "this section",
  ): Fields | undefined {
    const node = this.resolve(raw);
    if (!isMap(node)) {
      this.report(
        "wrong-type",
        node,
        path,
        `${path === "" ? "the file" : `\`${path}\``} must be a mapping, found ${this.describe(node)}`,
        `write ${what} as \`key: value\` lines`,
      );
      return undefined;
    }
    const result = new Map<string, { key: Node; value: Node | null }>();
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || typeof key.value !== "string") {
        this.report("wrong-type", key, path, `a key of \`${path || "the file"}\` is ${this.describe(key)}`);
        continue;
      }
      const name = key.value;
      const fieldPath = memberPath(path, name);
      if (!known.includes(name)) {
        const suggestion = closestName(name, known);
        this.report(
          "unknown-field",
          key,
          fieldPath,
          `unknown field \`${name}\` in ${path === "" ? "the file" : `\`${path}\``}`,
          suggestion !== undefined
            ? `did you mean \`${suggestion}\`?`
            : `the fields here are ${known.map((field) => `\`${field}\``).join(", ")}`,
        );
        continue;
      }
      result.set(name, { key, value: this.resolve(pair.value) });
    }
    for (const name of required) {
      if (!result.has(name)) {
        this.report(
          "missing-field",
          node,
          memberPath(path, name),
          `${path === "" ? "the file" : `\`${path}\``} has no \`${name}\``,
          `add \`${name}:\`; docs/guardrail-spec.md describes it`,
        );
      }
    }
    return result;
  }

  string(node: Node | null, path: string, help?: string): string | undefined {
    if (isScalar(node) && typeof node.value === "string") return node.value;
    this.report("wrong-type", node, path, `\`${path}\` must be a string, found ${this.describe(node)}`, help);
    return undefined;
  }

  /** A non-empty trimmed string. */
  text1(node: Node | null, path: string, help?: string): string | undefined {
    const value = this.string(node, path, help);
    if (value === undefined) return undefined;
    if (value.trim() === "") {
      this.report("wrong-type", node, path, `\`${path}\` is empty`, help);
      return undefined;
    }
    return value.trim();
  }

  boolean(node: Node | null, path: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === "boolean") return node.value;
    this.report(
      "wrong-type",
      node,
      path,
      `\`${path}\` must be \`true\` or \`false\`, found ${this.describe(node)}`,
    );
    return undefined;
  }

  /** A whole number of at least `min`. */
  integer(node: Node | null, path: string, min: number, unit: string): number | undefined {
    if (!isScalar(node) || typeof node.value !== "number") {
      this.report(
        "wrong-type",
        node,
        path,
        `\`${path}\` must be a number of ${unit}, found ${this.describe(node)}`,
      );
      return undefined;
    }
    const value = node.value;
    if (!Number.isSafeInteger(value) || value < min) {
      this.report(
        "invalid-number",
        node,
        path,
        `\`${path}\` must be a whole number of ${unit}, at least ${min}; found \`${this.text(node)}\``,
        `write a whole number such as \`${Math.max(min, 30)}\``,
      );
      return undefined;
    }
    return value;
  }

  /**
   * A list, or a single value standing for a one-element list (as in policies). Each item is read
   * by `item`; items it rejects are left out. Reports an empty list when `nonEmpty`.
   */
  list<T>(
    raw: Node | null,
    path: string,
    item: (node: Node | null, path: string) => T | undefined,
    nonEmpty: boolean,
  ): { node: Node | null; value: T; path: string }[] | undefined {
    const node = this.resolve(raw);
    const items: { node: Node | null; path: string }[] = [];
    if (isSeq(node)) {
      node.items.forEach((entry, index) =>
        items.push({ node: this.resolve(entry), path: itemPath(path, index) }),
      );
    } else if (isMap(node)) {
      this.report("wrong-type", node, path, `\`${path}\` must be a list, found a mapping`);
      return undefined;
    } else if (isScalar(node) && node.value !== null) {
      items.push({ node, path });
    }
    // Anything else is `key:` with no value or `null`: an empty list.
    if (nonEmpty && items.length === 0) {
      this.report("empty-list", node, path, `\`${path}\` is empty`, "give at least one entry");
      return undefined;
    }
    const read: { node: Node | null; value: T; path: string }[] = [];
    for (const entry of items) {
      const value = item(entry.node, entry.path);
      if (value !== undefined) read.push({ node: entry.node, value, path: entry.path });
    }
    return read;
  }

  /** Reports the second and later occurrences of a value; returns the values once each, in order. */
  unique<T>(
    entries: readonly { node: Node | null; value: T; path: string }[],
    keyOf: (value: T) => string,
    what: string,
  ): T[] {
    const seen = new Map<string, string>();
    const result: T[] = [];
    for (const entry of entries) {
      const key = keyOf(entry.value);
      const first = seen.get(key);
      if (first !== undefined) {
        this.report(
          "duplicate-entry",
          entry.node,
          entry.path,
          `${what} \`${key}\` is given twice (first at \`${first}\`)`,
          "remove one of them",
        );
        continue;
      }
      seen.set(key, entry.path);
      result.push(entry.value);
    }
    return result;
  }
}
