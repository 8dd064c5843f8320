// The value rules of imageguard.yaml: one reader per kind of value, each reporting its own problem
// with the fix, so the section readers in parse-spec.ts only say which field holds which kind.
import { isScalar } from "yaml";
import type { Node } from "yaml";
import type { ImageSource } from "../../catalog/index.js";
import type { SpecReader } from "./spec-reader.js";
import type { RoleRef, ScopeSelector } from "./types.js";

export const IMAGE_SOURCES: readonly ImageSource[] = ["System", "Self", "Others", "Marketplace"];

/** Alibaba Cloud account ids (UIDs) are 16 digits. */
const ACCOUNT_ID = /^\d{16}$/;

export function readAccountId(reader: SpecReader, node: Node | null, path: string): string | undefined {
  if (isScalar(node) && typeof node.value === "number") {
    const digits = reader.text(node);
    reader.report(
      "unquoted-account-id",
      node,
      path,
      `account id \`${digits}\` at \`${path}\` is written as a number`,
      `quote it: \`"${digits}"\`; YAML reads digits as a number, and 16 digits do not fit one exactly`,
    );
    return undefined;
  }
  const value = reader.string(node, path, 'write the account id in quotes, e.g. `"1200000000000001"`');
  if (value === undefined) return undefined;
  if (!ACCOUNT_ID.test(value)) {
    reader.report(
      "invalid-account-id",
      node,
      path,
      `\`${value}\` is not an Alibaba Cloud account id`,
      "an account id is 16 digits, e.g. `1200000000000001`",
    );
    return undefined;
  }
  return value;
}

/** Alibaba's tag rules: keys 1–128 characters, not starting `aliyun` or `acs:`, no URLs. */
export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0) return "a tag key cannot be empty";
  if ([...key].length > 128) return `tag key \`${key}\` is longer than 128 characters`;
  if (/^(aliyun|acs:)/i.test(key))
    return `tag key \`${key}\` starts with \`aliyun\` or \`acs:\`, which Alibaba Cloud reserves`;
  if (/https?:\/\//i.test(key)) return `tag key \`${key}\` contains a URL scheme`;
  if (key.trim() !== key) return `tag key \`${key}\` starts or ends with whitespace`;
  return undefined;
}

export function readTagKey(reader: SpecReader, node: Node | null, path: string): string | undefined {
  const key = reader.string(node, path);
  if (key === undefined) return undefined;
  const problem = tagKeyProblem(key);
  if (problem !== undefined) {
    reader.report(
      "invalid-tag-key",
      node,
      path,
      problem,
      "tag keys are 1 to 128 characters and may not start with `aliyun` or `acs:` or contain `http://`",
    );
    return undefined;
  }
  return key;
}

export function readTagValue(reader: SpecReader, node: Node | null, path: string): string | undefined {
  const value = reader.string(node, path, 'quote values YAML would read otherwise, e.g. `"true"`');
  if (value === undefined) return undefined;
  const problem =
    [...value].length > 128
      ? `tag value \`${value}\` is longer than 128 characters`
      : /https?:\/\//i.test(value)
        ? `tag value \`${value}\` contains a URL scheme`
        : undefined;
  if (problem !== undefined) {
    reader.report("invalid-tag-value", node, path, problem, "tag values are at most 128 characters");
    return undefined;
  }
  return value;
}

export function readImageSource(
  reader: SpecReader,
  node: Node | null,
  path: string,
): ImageSource | undefined {
  const value = reader.string(node, path);
  if (value === undefined) return undefined;
  const known = IMAGE_SOURCES.find((source) => source === value);
  if (known !== undefined) return known;
  const caseless = IMAGE_SOURCES.find((source) => source.toLowerCase() === value.toLowerCase());
  reader.report(
    "invalid-choice",
    node,
    path,
    `\`${value}\` is not an image source`,
    caseless !== undefined
      ? `write \`${caseless}\` (ECS spells sources with a capital letter)`
      : `an image source is one of ${IMAGE_SOURCES.map((source) => `\`${source}\``).join(", ")}`,
  );
  return undefined;
}

export function readChoice<T extends string>(
  reader: SpecReader,
  node: Node | null,
  path: string,
  choices: readonly T[],
): T | undefined {
  const value = reader.string(node, path);
  if (value === undefined) return undefined;
  const known = choices.find((choice) => choice === value);
  if (known !== undefined) return known;
  reader.report(
    "invalid-choice",
    node,
    path,
    `\`${path}\` cannot be \`${value}\``,
    `write one of ${choices.map((choice) => `\`${choice}\``).join(", ")}`,
  );
  return undefined;
}

const FOLDER_ID = /^(r|fd)-[A-Za-z0-9]+$/;

/** A scope's `id`: `r-…` (Root), `fd-…` (a folder) or 16 digits (a member account). */
export function readScopeId(reader: SpecReader, node: Node | null, path: string): ScopeSelector | undefined {
  if (isScalar(node) && typeof node.value === "number") {
    const account = readAccountId(reader, node, path);
    return account === undefined ? undefined : { kind: "account", id: account };
  }
  const id = reader.string(node, path);
  if (id === undefined) return undefined;
  if (FOLDER_ID.test(id)) return { kind: "folder", id };
  if (ACCOUNT_ID.test(id)) return { kind: "account", id };
  reader.report(
    "invalid-scope",
    node,
    path,
    `\`${id}\` is not a Resource Directory node id`,
    "write a folder id (`fd-…`), the Root folder id (`r-…`) or a member account id (16 digits); or use `path`",
  );
  return undefined;
}

/** A scope's `path`: node names from Root down, `Root/Production/app-payments`. */
export function readScopePath(
  reader: SpecReader,
  node: Node | null,
  path: string,
): ScopeSelector | undefined {
  const written = reader.string(node, path);
  if (written === undefined) return undefined;
  const names = written.split("/");
  if (names[0] !== "Root" || names.some((name) => name.trim() === "" || name.trim() !== name)) {
    reader.report(
      "invalid-scope",
      node,
      path,
      `\`${written}\` is not a path of node names from \`Root\``,
      "write the names of the folders (and account) from the Root folder down, e.g. `Root/Production/app-payments`",
    );
    return undefined;
  }
  return { kind: "path", path: written, names };
}

const ROLE_NAME = /^[A-Za-z0-9.*?_-]{1,64}$/;
const ROLE_ARN = /^acs:ram:(\*?):(\d{16}|\*):role\/(.+)$/;

/**
 * A RAM role: its ARN (`acs:ram::1200000000000001:role/image-pipeline`, `*` for any account, with a
 * warning). A bare name is refused: it would silently mean any account. The pattern matches `acs:PrincipalARN` of its sessions, which carries the
 * role's ARN; RAM writes role names in lower case there, so the pattern does too.
 */
export function readRole(reader: SpecReader, node: Node | null, path: string): RoleRef | undefined {
  const written = reader.string(node, path);
  if (written === undefined) return undefined;
  const arn = ROLE_ARN.exec(written);
  const accountId = arn?.[2] === "*" ? undefined : arn?.[2];
  const roleName = arn !== null ? (arn[3] as string) : written;
  if ((arn === null && written.startsWith("acs:")) || !ROLE_NAME.test(roleName)) {
    reader.report(
      "invalid-role",
      node,
      path,
      `\`${written}\` is not a RAM role`,
      "write the role's ARN, `acs:ram::<16-digit account id>:role/<role name>`; role names are letters, digits, `.`, `_` and `-`",
    );
    return undefined;
  }
  if (arn === null) {
    // A bare name would match that role in every account, and any member account's admin can create
    // a role of that name and so leave the guardrail: refused, the account must be written.
    reader.report(
      "unpinned-role",
      node,
      path,
      `\`${written}\` names a role without its account, so a role of that name in any account would match`,
      `pin it to an account: \`acs:ram::<account-id>:role/${roleName}\` (write \`acs:ram::*:role/${roleName}\` only if any account's role is meant)`,
    );
    return undefined;
  }
  if (accountId === undefined) {
    reader.report(
      "role-any-account",
      node,
      path,
      `\`${written}\` matches a role of that name in any account: an admin of any member account can create it and leave the guardrail`,
      `pin it to an account: \`acs:ram::<account-id>:role/${roleName}\``,
    );
  }
  const lower = roleName.toLowerCase();
  return {
    written,
    principalPattern: `acs:ram:*:${accountId ?? "*"}:role/${lower}`,
    ...(accountId === undefined ? {} : { accountId }),
    roleName: lower,
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * `expiresAt`: a date (the exemption holds through that whole day, UTC) or a date-time with an
 * offset. Returns the first instant the exemption no longer holds. A date-time without offset is
 * refused, as in policies: it means different instants in different places.
 */
export function readExpiry(
  reader: SpecReader,
  node: Node | null,
  path: string,
): { written: string; endsAt: string } | undefined {
  const written = reader.string(node, path, 'write the date in quotes, e.g. `"2026-09-30"`');
  if (written === undefined) return undefined;
  const endsAt = expiryInstant(written);
  if (endsAt === undefined) {
    reader.report(
      "invalid-date",
      node,
      path,
      `\`${written}\` is not a date or a date-time with offset`,
      "write a date, `2026-09-30` (the exemption holds through that day, UTC), or a date-time with offset, `2026-09-30T18:00:00+08:00`",
    );
    return undefined;
  }
  return { written, endsAt };
}

export function expiryInstant(written: string): string | undefined {
  const date = DATE.exec(written);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!realDate(year, month, day)) return undefined;
    return new Date(Date.UTC(year, month - 1, day + 1)).toISOString();
  }
  const dateTime = DATE_TIME.exec(written);
  if (dateTime === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) =>
    Number(dateTime[index] ?? 0),
  ) as [number, number, number, number, number, number];
  if (!realDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const instant = Date.parse(written);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const EXEMPTION_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function readExemptionId(reader: SpecReader, node: Node | null, path: string): string | undefined {
  const id = reader.string(node, path);
  if (id === undefined) return undefined;
  if (!EXEMPTION_ID.test(id)) {
    reader.report(
      "invalid-exemption-id",
      node,
      path,
      `exemption id \`${id}\` is not lower-case kebab-case`,
      "use 1 to 64 lower-case letters, digits and inner hyphens, e.g. `legacy-payments-batch`: it becomes a tag value and appears in policies",
    );
    return undefined;
  }
  return id;
}

const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const INSTANCE_ID = /^i-[A-Za-z0-9]+$/;

export function readImageId(reader: SpecReader, node: Node | null, path: string): string | undefined {
  return readResourceId(reader, node, path, IMAGE_ID, "image id", "`m-bp1g7004ksh0oeuc1234`");
}

export function readInstanceId(reader: SpecReader, node: Node | null, path: string): string | undefined {
  return readResourceId(reader, node, path, INSTANCE_ID, "instance id", "`i-bp1g6zv0ce8oghu7k123`");
}

function readResourceId(
  reader: SpecReader,
  node: Node | null,
  path: string,
  shape: RegExp,
  what: string,
  example: string,
): string | undefined {
  const id = reader.string(node, path);
  if (id === undefined) return undefined;
  if (!shape.test(id)) {
    reader.report(
      "invalid-resource-id",
      node,
      path,
      `\`${id}\` is not an ${what}`,
      `an ${what} looks like ${example}`,
    );
    return undefined;
  }
  return id;
}

const NAME_PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

export function readNamePrefix(reader: SpecReader, node: Node | null, path: string): string | undefined {
  const prefix = reader.string(node, path);
  if (prefix === undefined) return undefined;
  if (!NAME_PREFIX.test(prefix)) {
    reader.report(
      "invalid-name",
      node,
      path,
      `\`${prefix}\` cannot start a policy name`,
      "control and RAM policy names are letters, digits and hyphens and start with a letter; keep the prefix within 64 characters",
    );
    return undefined;
  }
  return prefix;
}
