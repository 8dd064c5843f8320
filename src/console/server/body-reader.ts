import { invalidInput } from "./console-error.js";

// Reads a JSON request body field by field: every field checked, every unknown field refused (an
// option nobody reads must not look accepted).

export class BodyReader {
  private readonly seen = new Set<string>();

  private constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  static of(body: unknown): BodyReader {
    if (body === undefined) return new BodyReader({});
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw invalidInput("Body", "the request body must be a JSON object", 'send e.g. `{"name": "value"}`');
    }
    return new BodyReader(body as Record<string, unknown>);
  }

  /** A required non-empty string of at most `max` characters. */
  string(name: string, max = 1024): string {
    const value = this.optionalString(name, max);
    if (value === undefined)
      throw invalidInput(name, `\`${name}\` is required`, `send \`${name}\` as a string`);
    return value;
  }

  optionalString(name: string, max = 1024): string | undefined {
    this.seen.add(name);
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw invalidInput(name, `\`${name}\` must be a string`);
    if (value === "") throw invalidInput(name, `\`${name}\` must not be empty`);
    if (value.length > max) throw invalidInput(name, `\`${name}\` is longer than ${max} characters`);
    return value;
  }

  /** `true` or `false`; undefined when absent. */
  optionalBoolean(name: string): boolean | undefined {
    this.seen.add(name);
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "boolean") return value;
    throw invalidInput(name, `\`${name}\` must be true or false`);
  }

  /** A JSON object (absent → `{}`). */
  object(name: string): Readonly<Record<string, unknown>> {
    this.seen.add(name);
    const value = this.body[name];
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidInput(name, `\`${name}\` must be a JSON object`);
    }
    return value as Record<string, unknown>;
  }

  /** Any JSON value, unchecked (the route checks it). */
  raw(name: string): unknown {
    this.seen.add(name);
    return this.body[name];
  }

  /** Refuses fields no reader asked for; call after reading. */
  done(): void {
    const unknown = Object.keys(this.body).filter((key) => !this.seen.has(key));
    if (unknown.length > 0) {
      const first = unknown[0] ?? "";
      throw invalidInput(
        first,
        `unknown field \`${first}\`${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ""}`,
        `the fields are ${[...this.seen].map((name) => `\`${name}\``).join(", ")}`,
      );
    }
  }
}
