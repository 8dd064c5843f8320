// The simulator's request body, checked field by field.
import type { EffectScope, PrincipalType } from "../../../../policy/index.js";
import { BodyReader } from "../../body-reader.js";
import { invalidInput } from "../../console-error.js";
import { readChoice, readKind, readText } from "./policy-input.js";
import { PRINCIPAL_TYPES } from "./simulate-policy.js";
import type { SimulateInput } from "./simulate-policy.js";

const MAX_RESOURCES = 100;
const MAX_CONTEXT = 100;
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;
const CONTEXT_KEY = /^[A-Za-z0-9-]+:\S+$/;
const PRINCIPAL_ARN = /^acs:ram::(\d+):(root|user\/[^/]+|assumed-role\/[^/]+\/[^/]+)$/;

/** `accountId`: where a made-up principal lives (the signed-in account). */
export function readSimulateInput(raw: unknown, accountId: string): SimulateInput {
  const body = BodyReader.of(raw);
  const kind = readKind(body);
  const text = readText(body);
  const policyName = body.optionalString("policyName", 128);

  const action = body.string("action", 256).trim();
  if (!ACTION.test(action)) {
    throw invalidInput(
      "action",
      `\`${action}\` is not a RAM action`,
      "write `<service>:<Action>`, e.g. `ecs:RunInstances`",
    );
  }

  const resources = body.raw("resources");
  if (
    !Array.isArray(resources) ||
    resources.length === 0 ||
    resources.length > MAX_RESOURCES ||
    !resources.every((resource) => typeof resource === "string" && resource.trim() !== "")
  ) {
    throw invalidInput(
      "resources",
      `\`resources\` must be a list of 1 to ${MAX_RESOURCES} ARNs`,
      "e.g. `acs:ecs:cn-hangzhou:1234567890123456:image/m-bp1example`; `*` stands for any resource",
    );
  }

  const context = readContext(body.raw("context"));
  const scopeGiven = body.raw("effectScope") !== undefined;
  const effectScope = readChoice<EffectScope>(body, "effectScope", ["RAM", "All"], "RAM");
  const fullAliyunAccessAttached = body.optionalBoolean("fullAliyunAccessAttached");
  if (kind !== "control" && (scopeGiven || fullAliyunAccessAttached !== undefined)) {
    throw invalidInput(
      scopeGiven ? "effectScope" : "fullAliyunAccessAttached",
      "`effectScope` and `fullAliyunAccessAttached` apply to control policies only",
      `leave them out for a ${kind} policy`,
    );
  }

  const principalArn = body.optionalString("principalArn", 512)?.trim();
  const typeGiven = body.raw("principalType") !== undefined;
  let principalType = readChoice<PrincipalType>(body, "principalType", PRINCIPAL_TYPES, "RamUser");
  body.done();
  if (principalArn !== undefined) {
    const match = PRINCIPAL_ARN.exec(principalArn);
    if (match === null) {
      throw invalidInput(
        "principalArn",
        `\`${principalArn}\` is not a principal ARN`,
        "write `acs:ram::<account>:root`, `acs:ram::<account>:user/<name>` or `acs:ram::<account>:assumed-role/<role>/<session>`",
      );
    }
    const implied = impliedType(match[2] ?? "");
    if (typeGiven && implied !== principalType) {
      throw invalidInput(
        "principalType",
        `\`principalType\` \`${principalType}\` does not match \`principalArn\`, which names a ${implied}`,
        "leave `principalType` out: the ARN says it",
      );
    }
    principalType = implied;
  }

  return {
    kind,
    text,
    ...(policyName === undefined ? {} : { policyName }),
    action,
    resources: resources.map((resource: string) => resource.trim()),
    context,
    principalType,
    ...(principalArn === undefined ? {} : { principalArn }),
    accountId,
    ...(kind === "control" ? { effectScope } : {}),
    ...(fullAliyunAccessAttached === undefined ? {} : { fullAliyunAccessAttached }),
  };
}

function impliedType(resource: string): PrincipalType {
  if (resource === "root") return "RootAccount";
  return resource.startsWith("user/") ? "RamUser" : "AssumedRole";
}

function readContext(raw: unknown): SimulateInput["context"] {
  if (raw === undefined || raw === null) return [];
  const help =
    'send `[{"key": "acs:ResourceTag/environment", "value": "production"}, …]`; repeat a key for a multi-valued key';
  if (!Array.isArray(raw) || raw.length > MAX_CONTEXT) {
    throw invalidInput(
      "context",
      `\`context\` must be a list of at most ${MAX_CONTEXT} key/value pairs`,
      help,
    );
  }
  return raw.map((entry: unknown, index) => {
    const pair = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const key = typeof pair["key"] === "string" ? pair["key"].trim() : "";
    const value = pair["value"];
    if (
      Object.keys(pair).some((name) => name !== "key" && name !== "value") ||
      !CONTEXT_KEY.test(key) ||
      typeof value !== "string"
    ) {
      throw invalidInput(
        "context",
        `context entry ${index + 1} is not a \`{key, value}\` pair with a condition key such as \`acs:CurrentTime\``,
        help,
      );
    }
    return { key, value };
  });
}
