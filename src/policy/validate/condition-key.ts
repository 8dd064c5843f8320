import { excerpt } from "../json-source.js";

export type ConditionKeyVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: "invalid-condition-key" | "empty-tag-key";
      readonly message: string;
      readonly help?: string;
    };

const TAG_KEY = /^acs:(ResourceTag|RequestTag)(?:\/(.*))?$/is;
const KEY = /^([A-Za-z][A-Za-z0-9_-]*):(\S+)$/s;
const GLOBAL_KEY_NAMES = ["CurrentTime", "SecureTransport", "SourceIp", "MFAPresent", "AccessId", "TagKeys"];

/** Checks the shape of a condition key; which keys an action carries is lint's business. */
export function checkConditionKey(key: string): ConditionKeyVerdict {
  const tag = TAG_KEY.exec(key);
  if (tag) {
    if ((tag[2] ?? "") !== "") return { ok: true };
    return {
      ok: false,
      code: "empty-tag-key",
      message: `condition key \`${excerpt(key)}\` names no tag key`,
      help: `write \`acs:${tag[1] as string}/<tag key>\`, e.g. \`acs:${tag[1] as string}/environment\``,
    };
  }
  const match = KEY.exec(key);
  if (!match) {
    const global = GLOBAL_KEY_NAMES.find((name) => name.toLowerCase() === key.trim().toLowerCase());
    return {
      ok: false,
      code: "invalid-condition-key",
      message: /\s/.test(key)
        ? `condition key \`${excerpt(key)}\` contains whitespace`
        : `condition key \`${excerpt(key)}\` is not \`<prefix>:<name>\``,
      help: global !== undefined ? `write \`acs:${global}\`` : undefined,
    };
  }
  if ((match[1] as string).toLowerCase() === "aws") {
    const name = match[2] as string;
    const global = GLOBAL_KEY_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
    return {
      ok: false,
      code: "invalid-condition-key",
      message: `\`${excerpt(key)}\` is an AWS condition key`,
      help:
        global !== undefined
          ? `write \`acs:${global}\``
          : "Alibaba Cloud RAM's keys start with `acs:` or a service code such as `ecs:`; find the equivalent key",
    };
  }
  return { ok: true };
}
