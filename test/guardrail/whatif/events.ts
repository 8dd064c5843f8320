// Hand-built ActionTrail events in the local cloud's shape (src/cloud/runtime/audit-event.ts): the
// checks recorded as the runtime records them, context keys in canonical form. The end-to-end test
// holds the real cloud to the same shape.
import { readFileSync } from "node:fs";
import { makeContext, parsePolicy } from "../../../src/policy/index.js";
import type { ValidatedPolicy } from "../../../src/policy/index.js";
import { parseOrgModel } from "../../../src/guardrail/index.js";
import type { OrgModel, TrailEvent } from "../../../src/guardrail/index.js";

export const PROD_APP = "1111111111111111";
export const PROD_DATA = "2222222222222222";
export const SANDBOX = "3333333333333333";
export const IMAGE_OWNER = "1200000000000001";
export const GOLDEN_TAGS = { environment: "production", status: "approved" };

export function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
}

export function seedOrg(): OrgModel {
  const result = parseOrgModel(fixture("seed-org.yaml"));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.model;
}

export function policy(text: string, kind: "control" | "ram"): ValidatedPolicy {
  const result = parsePolicy(text, kind);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}

export type Caller =
  | { readonly user: string; readonly account: string }
  | { readonly role: string; readonly session: string; readonly account: string }
  | { readonly root: string };

export function identity(caller: Caller): Record<string, string> {
  if ("root" in caller) {
    return {
      type: "root-account",
      accountId: caller.root,
      userName: "root",
      arn: `acs:ram::${caller.root}:root`,
    };
  }
  if ("user" in caller) {
    return {
      type: "ram-user",
      accountId: caller.account,
      userName: caller.user,
      arn: `acs:ram::${caller.account}:user/${caller.user}`,
    };
  }
  return {
    type: "assumed-role",
    accountId: caller.account,
    userName: `${caller.role}:${caller.session}`,
    arn: `acs:ram::${caller.account}:assumed-role/${caller.role}/${caller.session}`,
  };
}

function accountOf(caller: Caller): string {
  return "root" in caller ? caller.root : caller.account;
}

function principalArn(caller: Caller): string {
  if ("role" in caller) return `acs:ram::${caller.account}:role/${caller.role.toLowerCase()}`;
  return identity(caller)["arn"] as string;
}

export interface RecordedCheckInput {
  readonly action: string;
  readonly resources: readonly string[];
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly result?: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  readonly trust?: "admitted" | "refused" | "not-evaluated";
}

let sequence = 0;

/** One event with its recorded checks; the call's result is its last check's. */
export function event(
  caller: Caller,
  eventName: string,
  checks: readonly RecordedCheckInput[],
  options: { readonly id?: string; readonly time?: string } = {},
): TrailEvent {
  sequence++;
  const time = options.time ?? new Date(Date.UTC(2026, 0, 5, 9, 0, sequence)).toISOString();
  const globals = {
    "acs:CurrentTime": time,
    "acs:SecureTransport": "true",
    "acs:SourceIp": "203.0.113.7",
    "acs:MFAPresent": "false",
    "acs:AccessId": "LTAI5tTESTKEY0000000001",
    "acs:PrincipalARN": principalArn(caller),
  };
  const recorded = checks.map((check) => ({
    action: check.action,
    resources: check.resources,
    context: makeContext({ ...(check.context ?? {}), ...globals }),
    result: check.result ?? "Allow",
    ...(check.trust === undefined ? {} : { trust: check.trust }),
  }));
  const last = recorded[recorded.length - 1];
  const eventId = options.id ?? `evt-${String(sequence).padStart(4, "0")}`;
  return {
    eventId,
    requestId: `req-${eventId}`,
    eventVersion: 1,
    eventType: "ApiCall",
    eventName,
    eventTime: time,
    serviceName: "Ecs",
    userIdentity: identity(caller),
    sourceIpAddress: "203.0.113.7",
    acsRegion: "cn-hangzhou",
    ...(last === undefined
      ? {}
      : {
          decision: {
            result: last.result,
            action: last.action,
            resources: last.resources,
            checkCount: recorded.length,
            checks: recorded,
          },
        }),
  };
}

/** RunInstances from `imageId` carrying `tags`, in the caller's account, as the catalog derives its one check. */
export function launch(
  caller: Caller,
  imageId: string,
  tags: Readonly<Record<string, string>>,
  options: { readonly id?: string; readonly result?: "Allow" | "ExplicitDeny" | "ImplicitDeny" } = {},
): TrailEvent {
  const account = accountOf(caller);
  return event(
    caller,
    "RunInstances",
    [
      {
        action: "ecs:RunInstances",
        resources: [
          `acs:ecs:cn-hangzhou:${account}:instance/*`,
          `acs:ecs:cn-hangzhou:${IMAGE_OWNER}:image/${imageId}`,
          `acs:ecs:cn-hangzhou:${account}:securitygroup/sg-1`,
        ],
        context: {
          ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`acs:ResourceTag/${k}`, v])),
          "ecs:ImageOwnerId": IMAGE_OWNER,
          "ecs:ImageSource": "Others",
          "ecs:ImagePlatform": "Ubuntu",
          "ecs:InstanceType": "ecs.g7.large",
        },
        ...(options.result === undefined ? {} : { result: options.result }),
      },
    ],
    options.id === undefined ? {} : { id: options.id },
  );
}
