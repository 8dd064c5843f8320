// The simulator panel: one request decided against the document in the editor, placed where its
// kind puts it in the chain, with the explain tree. The rest of the chain is made up to isolate the
// document, and every such assumption is returned as a sentence, so the panel can say exactly what
// was decided and the user never mistakes a simulation for the cloud's own verdict.
import {
  authorizeAssumeRole,
  compileChain,
  decide,
  FULL_ALIYUN_ACCESS,
  makeContext,
  parsePolicy,
} from "../../../../policy/index.js";
import type {
  AuthRequest,
  ChainInput,
  ContextValue,
  ControlPolicyAttachment,
  Decision,
  EffectScope,
  NamedPolicy,
  PolicyKind,
  PrincipalInfo,
  PrincipalType,
  Problem,
  ValidatedPolicy,
} from "../../../../policy/index.js";

export const PRINCIPAL_TYPES: readonly PrincipalType[] = ["RamUser", "AssumedRole", "RootAccount"];

export interface SimulateInput {
  readonly kind: PolicyKind;
  readonly text: string;
  /** The name the document is shown under in the decision (default `editor`). */
  readonly policyName?: string;
  readonly action: string;
  readonly resources: readonly string[];
  /** Pairs as typed; a key given twice is a multi-valued key. */
  readonly context: readonly { readonly key: string; readonly value: string }[];
  readonly principalType: PrincipalType;
  /** Default: a made-up principal of `principalType` in `accountId`. */
  readonly principalArn?: string;
  /** The account the made-up principal lives in (the signed-in account). */
  readonly accountId: string;
  /** Control policies: its EffectScope (default `RAM`, Alibaba's default). */
  readonly effectScope?: EffectScope;
  /** Control policies: whether FullAliyunAccess stays attached next to it (default true). */
  readonly fullAliyunAccessAttached?: boolean;
}

export type SimulateResult =
  | { readonly ok: false; readonly problems: readonly Problem[] }
  | {
      readonly ok: true;
      readonly decision: Decision;
      /** The request as decided: context keys in canonical form, `acs:PrincipalARN` added. */
      readonly request: AuthRequest;
      readonly principal: PrincipalInfo;
      /** What the simulation made up around the document, one sentence each. */
      readonly assumptions: readonly string[];
      /** Warnings of the document (validation only; lint is the validate route's). */
      readonly warnings: readonly Problem[];
    };

const ALLOW_EVERYTHING: ValidatedPolicy = {
  kind: "ram",
  version: "1",
  statements: [
    {
      index: 0,
      effect: "Allow",
      action: { negated: false, patterns: ["*"] },
      resources: ["*"],
      conditions: [],
    },
  ],
  size: 0,
  __validated: true,
};

/** The identity policies made up when the document under test is not one. */
const SIMULATED_IDENTITY: NamedPolicy = {
  name: "simulated-identity-allows-everything",
  attachedTo: "the simulated principal",
  policy: ALLOW_EVERYTHING,
};

const SIMULATED_NODE = {
  id: "fd-simulated",
  name: "the folder the policy is attached to",
  type: "Folder",
} as const;

export function simulatePolicy(input: SimulateInput): SimulateResult {
  const parsed = parsePolicy(input.text, input.kind);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const principal = principalOf(input);
  const raw: Record<string, ContextValue> = {};
  for (const { key, value } of input.context) {
    const existing = raw[key];
    raw[key] =
      existing === undefined ? value : [...(typeof existing === "string" ? [existing] : existing), value];
  }
  const assumptions: string[] = [];
  const context = makeContext(raw);
  const request: AuthRequest = {
    action: input.action,
    resources: [...input.resources],
    context:
      context["acs:principalarn"] === undefined ? { ...context, "acs:principalarn": principal.arn } : context,
  };
  if (context["acs:principalarn"] === undefined) {
    assumptions.push(`\`acs:PrincipalARN\` is the simulated principal's ARN \`${principal.arn}\``);
  }
  const policy: NamedPolicy = { name: input.policyName ?? "editor", policy: parsed.policy };
  const explain = { explain: true };

  let decision: Decision;
  switch (input.kind) {
    case "ram": {
      if (principal.type === "RootAccount") {
        assumptions.push(
          "RAM policies do not govern an account's root identity, which may do anything in its account",
        );
      }
      decision = decide(
        { principal, identityPolicies: [{ ...policy, attachedTo: "the simulated principal" }] },
        request,
        explain,
      );
      break;
    }
    case "session": {
      assumptions.push(
        "the role's own policies are taken to allow everything, so only the session policy can deny",
      );
      decision = decide(
        { principal, sessionPolicy: policy, identityPolicies: [SIMULATED_IDENTITY] },
        request,
        explain,
      );
      break;
    }
    case "control": {
      const effectScope = input.effectScope ?? "RAM";
      const fullAccess = input.fullAliyunAccessAttached ?? true;
      const attachment: ControlPolicyAttachment = { ...policy, effectScope };
      assumptions.push(
        `the policy is attached, with effect scope ${effectScope}, to a folder above a member account${fullAccess ? ", next to FullAliyunAccess" : " from which FullAliyunAccess is detached"}`,
        "the principal's own RAM policies are taken to allow everything, so only control policies can deny",
      );
      const input_: ChainInput = {
        principal,
        controlPolicyPath: [
          { ...SIMULATED_NODE, policies: fullAccess ? [FULL_ALIYUN_ACCESS, attachment] : [attachment] },
        ],
        identityPolicies: [SIMULATED_IDENTITY],
      };
      decision = decide(input_, request, explain);
      break;
    }
    case "trust": {
      assumptions.push(
        "the simulated principal is the caller of AssumeRole, and its own policies are taken to allow the call",
      );
      decision = authorizeAssumeRole(
        compileChain({ principal, identityPolicies: [SIMULATED_IDENTITY] }),
        request,
        policy,
        principal,
        explain,
      );
      break;
    }
  }
  return { ok: true, decision, request, principal, assumptions, warnings: parsed.problems };
}

/** The principal as given, or made up: `simulated-user`, `simulated-role/console`, or root. */
function principalOf(input: SimulateInput): PrincipalInfo {
  const type = input.principalType;
  const accountId = accountOfArn(input.principalArn) ?? input.accountId;
  if (input.principalArn !== undefined) {
    const name = type === "RootAccount" ? undefined : nameOfArn(input.principalArn);
    return { type, accountId, arn: input.principalArn, ...(name === undefined ? {} : { name }) };
  }
  switch (type) {
    case "RootAccount":
      return { type, accountId, arn: `acs:ram::${accountId}:root` };
    case "RamUser":
      return { type, accountId, name: "simulated-user", arn: `acs:ram::${accountId}:user/simulated-user` };
    case "AssumedRole":
      return {
        type,
        accountId,
        name: "simulated-role/console",
        arn: `acs:ram::${accountId}:assumed-role/simulated-role/console`,
      };
  }
}

/** `acs:ram::123:user/alice` → `123`. */
function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[3];
  return account === undefined || account === "" ? undefined : account;
}

function nameOfArn(arn: string): string | undefined {
  const resource = arn.split(":").slice(4).join(":");
  const slash = resource.indexOf("/");
  return slash === -1 ? undefined : resource.slice(slash + 1);
}
