// Reading the fields the policy routes share. Every field is checked by name and type (BodyReader
// refuses the ones nobody reads), so a typo in a client never silently changes a decision.
import type { PolicyKind } from "../../../../policy/index.js";
import type { BodyReader } from "../../body-reader.js";
import { invalidInput } from "../../console-error.js";

export const POLICY_KINDS: readonly PolicyKind[] = ["ram", "control", "session", "trust"];

/**
 * The longest document text the routes read. Far above every kind's limit (6,144 characters at
 * most), so an oversized policy still gets the engine's own size problem at its position; beyond
 * it the text is refused before parsing, so typing cannot make the server parse megabytes.
 */
export const MAX_POLICY_TEXT = 65_536;

export function readKind(body: BodyReader): PolicyKind {
  return readChoice(body, "kind", POLICY_KINDS, undefined, {
    help: "`ram` for a RAM policy, `control` for a control policy, `session` for an AssumeRole session policy, `trust` for a role's trust policy",
  });
}

/** The document as typed; empty text is read (it is a problem the engine reports at 1:1). */
export function readText(body: BodyReader): string {
  const text = body.raw("text");
  if (typeof text !== "string") {
    throw invalidInput(
      "text",
      "`text` must be the policy document as a string",
      "send the editor's text as is",
    );
  }
  if (text.length > MAX_POLICY_TEXT) {
    throw invalidInput(
      "text",
      `the policy text is ${text.length} characters, more than the ${MAX_POLICY_TEXT} the console reads`,
      "no policy kind allows more than 6,144 characters; shorten the document",
    );
  }
  return text;
}

/** One of `choices`; `fallback` when absent (required when there is none). */
export function readChoice<T extends string>(
  body: BodyReader,
  name: string,
  choices: readonly T[],
  fallback: T | undefined,
  options: { help?: string } = {},
): T {
  const value = body.raw(name);
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  const list = choices.map((choice) => `\`${choice}\``).join(", ");
  throw invalidInput(
    name,
    value === undefined || value === null
      ? `\`${name}\` is required`
      : `\`${name}\` must be one of ${list}, not \`${String(value)}\``,
    options.help ?? `send one of ${list}`,
  );
}
