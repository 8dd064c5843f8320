// The whole chain (spec §5) and AssumeRole: control policies node by node, session and identity
// policies, who decides, what matched; the compiled chain reused across requests.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FULL_ALIYUN_ACCESS,
  authorize,
  authorizeAssumeRole,
  compileChain,
  decide,
  makeContext,
  parsePolicy,
} from "../../src/policy/index.js";
import type {
  AuthRequest,
  ChainInput,
  ContextValue,
  ControlPolicyAttachment,
  Decision,
  EffectScope,
  ExplainNode,
  NamedPolicy,
  PolicyKind,
  PrincipalInfo,
  RdNode,
} from "../../src/policy/index.js";

const ACCOUNT = "1111111111111111";
const INSTANCE = `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/*`;
const IMAGE = `acs:ecs:cn-hangzhou:${ACCOUNT}:image/m-1`;

function doc(statements: readonly object[], kind: PolicyKind) {
  const parsed = parsePolicy(JSON.stringify({ Version: "1", Statement: statements }), kind);
  if (!parsed.ok) throw new Error(`test policy is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.policy;
}

function ram(name: string, statements: readonly object[], attachedTo = "user/alice"): NamedPolicy {
  return { name, version: "v1", policyType: "Custom", attachedTo, policy: doc(statements, "ram") };
}

function control(
  name: string,
  statements: readonly object[],
  effectScope: EffectScope = "RAM",
): ControlPolicyAttachment {
  return { name, version: "v1", policyType: "Custom", effectScope, policy: doc(statements, "control") };
}

const USER: PrincipalInfo = {
  type: "RamUser",
  accountId: ACCOUNT,
  name: "alice",
  arn: `acs:ram::${ACCOUNT}:user/alice`,
};
const ROOT: PrincipalInfo = { type: "RootAccount", accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:root` };
const SESSION: PrincipalInfo = {
  type: "AssumedRole",
  accountId: ACCOUNT,
  name: "deployer/s1",
  arn: `acs:ram::${ACCOUNT}:assumed-role/deployer/s1`,
};

/** account → Production folder → Root, FullAliyunAccess attached everywhere unless `detach`. */
function path(
  attach: {
    account?: ControlPolicyAttachment[];
    folder?: ControlPolicyAttachment[];
    root?: ControlPolicyAttachment[];
  } = {},
  detach: ("account" | "folder" | "root")[] = [],
): RdNode[] {
  const withFull = (where: "account" | "folder" | "root") => [
    ...(detach.includes(where) ? [] : [FULL_ALIYUN_ACCESS]),
    ...(attach[where] ?? []),
  ];
  return [
    { id: ACCOUNT, name: "prod-app", type: "Account", policies: withFull("account") },
    { id: "fd-prod", name: "Production", type: "Folder", policies: withFull("folder") },
    { id: "r-root", name: "Root", type: "Root", policies: withFull("root") },
  ];
}

function request(
  action: string,
  resources: readonly string[],
  context: Record<string, ContextValue> = {},
): AuthRequest {
  return { action, resources, context: makeContext(context) };
}

/** Decides through every entry point; they must agree (explain adds only the tree). */
function decideAll(input: ChainInput, r: AuthRequest): Decision {
  const chain = compileChain(input);
  const fast = authorize(chain, r);
  expect(authorize(chain, r)).toEqual(fast);
  expect(decide(input, r)).toEqual(fast);
  const { explain, ...rest } = authorize(chain, r, { explain: true });
  expect(explain?.kind).toBe("request");
  expect(rest).toEqual(fast);
  return fast;
}

const ALLOW_ALL = ram("AdminAccess", [{ Effect: "Allow", Action: "*", Resource: "*" }]);

// The seed's policy, used as a control policy by the enterprise and as a RAM policy otherwise.
const SEED_STATEMENTS = [
  {
    Effect: "Allow",
    Action: ["ecs:CreateInstance", "ecs:RunInstances", "ecs:ReplaceSystemDisk"],
    Resource: "*",
    Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
  },
  {
    Effect: "Deny",
    Action: ["ecs:DeleteTags", "ecs:UntagResources", "ecs:CreateTags", "ecs:TagResources"],
    Resource: "acs:ecs:*:*:image/*",
  },
];

const DENY_UNTAGGED = control("DenyUntaggedImages", [
  {
    Sid: "DenyUntagged",
    Effect: "Deny",
    Action: "ecs:RunInstances",
    Resource: "acs:ecs:*:*:image/*",
    Condition: { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
  },
]);

const RUN_UNTAGGED = request("ecs:RunInstances", [INSTANCE, IMAGE]);
const RUN_TAGGED = request("ecs:RunInstances", [INSTANCE, IMAGE], {
  "acs:ResourceTag/environment": "production",
});

describe("the seed's policy", () => {
  it("given it as a control policy beside FullAliyunAccess, then it restricts nothing: the untagged image is allowed", () => {
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path({ folder: [control("Seed", SEED_STATEMENTS)] }),
      identityPolicies: [ALLOW_ALL],
    };
    const d = decideAll(input, RUN_UNTAGGED);
    expect(d.result).toBe("Allow");
    expect(d.absentKeys).toEqual(["acs:resourcetag/environment"]);
    expect(d.matched.map((m) => m.policyName)).toEqual([
      "FullAliyunAccess",
      "FullAliyunAccess",
      "FullAliyunAccess",
      "AdminAccess",
    ]);
  });

  it("given FullAliyunAccess detached from the folder, then the untagged image stops there (implicit deny at the folder)", () => {
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path({ folder: [control("Seed", SEED_STATEMENTS)] }, ["folder"]),
      identityPolicies: [ALLOW_ALL],
    };
    const d = decideAll(input, RUN_UNTAGGED);
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy).toEqual({
      policyType: "ControlPolicy",
      rdNode: { id: "fd-prod", name: "Production", type: "Folder" },
      reason: "no control policy attached to folder Production (fd-prod) allows the request",
    });
    expect(decideAll(input, RUN_TAGGED).result).toBe("Allow");
    // and its Deny blocks retagging images
    const retag = decideAll(input, request("ecs:TagResources", [IMAGE]));
    expect(retag.result).toBe("ExplicitDeny");
    expect(retag.decidedBy).toMatchObject({
      policyType: "ControlPolicy",
      policyName: "Seed",
      statementIndex: 1,
    });
  });

  it("given it as a RAM policy, then it does what the seed says", () => {
    const input: ChainInput = { principal: USER, identityPolicies: [ram("Seed", SEED_STATEMENTS)] };
    expect(decideAll(input, RUN_UNTAGGED).result).toBe("ImplicitDeny");
    expect(decideAll(input, RUN_TAGGED)).toMatchObject({
      result: "Allow",
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy", policyName: "Seed", statementIndex: 0 },
    });
  });
});

describe("control policies", () => {
  it("given a Deny at the folder, then ExplicitDeny by that statement, with the nodes walked so far in matched", () => {
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path({ folder: [DENY_UNTAGGED] }),
      identityPolicies: [ALLOW_ALL],
    };
    const d = decideAll(input, RUN_UNTAGGED);
    expect(d.result).toBe("ExplicitDeny");
    expect(d.decidedBy).toEqual({
      policyType: "ControlPolicy",
      policyName: "DenyUntaggedImages",
      policyVersion: "v1",
      rdNode: { id: "fd-prod", name: "Production", type: "Folder" },
      statementIndex: 0,
      sid: "DenyUntagged",
      reason: "a control policy explicitly denies the request",
    });
    expect(d.matched.map((m) => [m.rdNode?.id, m.policyName, m.effect])).toEqual([
      [ACCOUNT, "FullAliyunAccess", "Allow"],
      ["fd-prod", "FullAliyunAccess", "Allow"],
      ["fd-prod", "DenyUntaggedImages", "Deny"],
    ]);
    expect(decideAll(input, RUN_TAGGED).result).toBe("Allow");
  });

  it("given no Allow at the account node and a Deny at Root, then the walk ends at the account: the first deny ends it", () => {
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path(
        {
          account: [control("OssOnly", [{ Effect: "Allow", Action: "oss:*", Resource: "*" }])],
          root: [DENY_UNTAGGED],
        },
        ["account"],
      ),
      identityPolicies: [ALLOW_ALL],
    };
    const d = decideAll(input, RUN_UNTAGGED);
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy.rdNode?.id).toBe(ACCOUNT);
    expect(d.matched).toEqual([]);
  });

  it("given an Allow on a node only from the node above, then the node still denies (each node needs its own Allow)", () => {
    const allowEcs = control("AllowEcs", [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }]);
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path({ folder: [allowEcs], root: [allowEcs] }, ["folder", "root"]),
      identityPolicies: [ALLOW_ALL],
    };
    expect(decideAll(input, RUN_TAGGED).result).toBe("Allow");
    const oss = decideAll(input, request("oss:GetObject", ["acs:oss:*:*:bucket/object"]));
    expect(oss.result).toBe("ImplicitDeny");
    expect(oss.decidedBy.rdNode?.id).toBe("fd-prod");
  });

  it("given the caller is in the management account, then control policies take no part", () => {
    const input: ChainInput = {
      principal: USER,
      managementAccount: true,
      controlPolicyPath: path({ account: [DENY_UNTAGGED] }, ["account", "folder", "root"]),
      identityPolicies: [ALLOW_ALL],
    };
    expect(decideAll(input, RUN_UNTAGGED).result).toBe("Allow");
  });

  describe("effect scope", () => {
    const denyAll = (scope: EffectScope) =>
      control(`DenyAll${scope}`, [{ Effect: "Deny", Action: "*", Resource: "*" }], scope);

    it.each([
      ["RamUser", USER, "RAM", "ExplicitDeny"],
      ["RamUser", USER, "All", "ExplicitDeny"],
      ["AssumedRole", SESSION, "RAM", "ExplicitDeny"],
      ["RootAccount", ROOT, "RAM", "Allow"],
      ["RootAccount", ROOT, "All", "ExplicitDeny"],
    ] as const)("given a %s and a Deny with scope %s, then %s", (_type, principal, scope, result) => {
      const input: ChainInput = {
        principal,
        controlPolicyPath: path({ folder: [denyAll(scope)] }),
        identityPolicies: [ALLOW_ALL],
      };
      expect(decideAll(input, RUN_TAGGED).result).toBe(result);
    });

    it("given the root identity and a node with only RAM-scoped policies, then that node imposes nothing", () => {
      const allowOss = control("AllowOss", [{ Effect: "Allow", Action: "oss:*", Resource: "*" }], "RAM");
      const input: ChainInput = {
        principal: ROOT,
        controlPolicyPath: path({ folder: [allowOss] }, ["folder"]),
        identityPolicies: [],
      };
      const d = decideAll(input, RUN_TAGGED);
      expect(d.result).toBe("Allow");
      expect(d.decidedBy).toEqual({
        policyType: "AccountLevelIdentityBasedPolicy",
        reason: "account root identity",
      });
      expect(d.matched.map((m) => m.rdNode?.id)).toEqual([ACCOUNT, "r-root"]);
      // a RAM user is governed by it
      expect(decideAll({ ...input, principal: USER, identityPolicies: [ALLOW_ALL] }, RUN_TAGGED).result).toBe(
        "ImplicitDeny",
      );
    });
  });
});

describe("session policies", () => {
  const base: ChainInput = {
    principal: SESSION,
    identityPolicies: [ram("RoleAdmin", [{ Effect: "Allow", Action: "*", Resource: "*" }], "role/deployer")],
  };
  const session = (statements: object[]): NamedPolicy => ({
    name: "SessionPolicy",
    policy: doc(statements, "session"),
  });

  it("given it denies, then ExplicitDeny by the session policy", () => {
    const d = decideAll(
      {
        ...base,
        sessionPolicy: session([
          { Effect: "Allow", Action: "*", Resource: "*" },
          { Effect: "Deny", Action: "ecs:Run*", Resource: "*" },
        ]),
      },
      RUN_TAGGED,
    );
    expect(d).toMatchObject({
      result: "ExplicitDeny",
      decidedBy: { policyType: "SessionPolicy", policyName: "SessionPolicy", statementIndex: 1 },
    });
  });

  it("given it does not allow, then ImplicitDeny by the session policy, even though the role allows", () => {
    const d = decideAll(
      { ...base, sessionPolicy: session([{ Effect: "Allow", Action: "oss:*", Resource: "*" }]) },
      RUN_TAGGED,
    );
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy).toEqual({
      policyType: "SessionPolicy",
      policyName: "SessionPolicy",
      reason: "the session policy does not allow the request",
    });
  });

  it("given it allows, then the role's policies decide, and both matches are listed", () => {
    const d = decideAll(
      { ...base, sessionPolicy: session([{ Effect: "Allow", Action: "ecs:*", Resource: "*" }]) },
      RUN_TAGGED,
    );
    expect(d.result).toBe("Allow");
    expect(d.decidedBy).toMatchObject({
      policyType: "AccountLevelIdentityBasedPolicy",
      policyName: "RoleAdmin",
    });
    expect(d.matched.map((m) => m.policyType)).toEqual(["SessionPolicy", "AccountLevelIdentityBasedPolicy"]);
  });

  it("given the identity policies do not allow, then the session policy grants nothing", () => {
    const d = decideAll(
      {
        ...base,
        identityPolicies: [],
        sessionPolicy: session([{ Effect: "Allow", Action: "*", Resource: "*" }]),
      },
      RUN_TAGGED,
    );
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy.policyType).toBe("AccountLevelIdentityBasedPolicy");
  });
});

describe("identity policies", () => {
  it("given user and group policies, then a Deny in any of them wins and the first Allow otherwise decides", () => {
    const input: ChainInput = {
      principal: USER,
      identityPolicies: [
        ram("UserEcs", [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }]),
        ram("GroupNoDelete", [{ Effect: "Deny", Action: "ecs:Delete*", Resource: "*" }], "group/devs"),
        ram("GroupEcs", [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }], "group/devs"),
      ],
    };
    const run = decideAll(input, RUN_TAGGED);
    expect(run.decidedBy).toMatchObject({
      policyName: "UserEcs",
      reason: "an identity policy allows the request",
    });
    expect(run.matched.map((m) => [m.policyName, m.attachedTo])).toEqual([
      ["UserEcs", "user/alice"],
      ["GroupEcs", "group/devs"],
    ]);
    const del = decideAll(input, request("ecs:DeleteImage", [IMAGE]));
    expect(del).toMatchObject({ result: "ExplicitDeny", decidedBy: { policyName: "GroupNoDelete" } });
    expect(del.matched.map((m) => m.policyName)).toEqual(["UserEcs", "GroupNoDelete", "GroupEcs"]);
  });

  it("given no policies, then ImplicitDeny", () => {
    expect(decideAll({ principal: USER, identityPolicies: [] }, RUN_TAGGED)).toEqual({
      result: "ImplicitDeny",
      decidedBy: {
        policyType: "AccountLevelIdentityBasedPolicy",
        reason: "no identity policy allows the request",
      },
      matched: [],
      errors: [],
      absentKeys: [],
    });
  });

  it("given the root identity, then its identity stage allows whatever policies are passed", () => {
    const denyAll = ram("DenyAll", [{ Effect: "Deny", Action: "*", Resource: "*" }]);
    const d = decideAll({ principal: ROOT, identityPolicies: [denyAll] }, RUN_UNTAGGED);
    expect(d.result).toBe("Allow");
    expect(d.matched).toEqual([]);
  });

  it("given absent keys, then they are listed in the order the statements reach them", () => {
    const input: ChainInput = {
      principal: USER,
      identityPolicies: [
        ram("Ordered", [
          {
            Effect: "Allow",
            Action: "*",
            Resource: "acs:oss:*",
            Condition: { StringEquals: { "acs:First": "x" } },
          },
          {
            Effect: "Allow",
            Action: "*",
            Resource: "acs:ecs:*",
            Condition: { StringEquals: { "acs:Second": "x" } },
          },
          {
            Effect: "Allow",
            Action: "*",
            Resource: "acs:ecs:*",
            Condition: { StringEquals: { "acs:First": "x" } },
          },
        ]),
      ],
    };
    expect(decideAll(input, RUN_TAGGED).absentKeys).toEqual(["acs:second", "acs:first"]);
    expect(decideAll(input, request("oss:GetObject", ["acs:oss:*:*:bucket/x"])).absentKeys).toEqual([
      "acs:first",
    ]);
  });

  it("given errors and absent keys in several stages, then the decision gathers them", () => {
    const input: ChainInput = {
      principal: USER,
      controlPolicyPath: path({
        account: [
          control("Limits", [
            {
              Effect: "Deny",
              Action: "*",
              Resource: "*",
              Condition: { NumericGreaterThan: { "ecs:Disk": "100" }, StringEquals: { "acs:Other": "x" } },
            },
            {
              Effect: "Allow",
              Action: "*",
              Resource: "*",
              Condition: { NumericLessThan: { "ecs:Count": "5" } },
            },
          ]),
        ],
      }),
      identityPolicies: [
        ram("Tagged", [
          {
            Effect: "Allow",
            Action: "*",
            Resource: "*",
            Condition: {
              NumericLessThan: { "ecs:Count": "5" },
              StringEquals: { "acs:ResourceTag/environment": "production" },
            },
          },
        ]),
      ],
    };
    // The control Allow errs (FullAliyunAccess still allows the node); the identity Allow errs too,
    // its absent tag key notwithstanding: both errors are carried, with every absent key.
    const d = decideAll(
      input,
      request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "lots", "ecs:Disk": "50" }),
    );
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy.policyType).toBe("AccountLevelIdentityBasedPolicy");
    expect(d.absentKeys).toEqual(["acs:other", "acs:resourcetag/environment"]);
    expect(d.errors).toMatchObject([
      { policyType: "ControlPolicy", policyName: "Limits", statementIndex: 1, value: "lots" },
      {
        policyType: "AccountLevelIdentityBasedPolicy",
        policyName: "Tagged",
        statementIndex: 0,
        value: "lots",
      },
    ]);
    // An unreadable disk size makes the control Deny apply, though its other clause is false (absent
    // key): the first deny ends it, so the identity stage reports nothing.
    const denied = decideAll(
      input,
      request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "lots", "ecs:Disk": "big" }),
    );
    expect(denied.result).toBe("ExplicitDeny");
    expect(denied.decidedBy).toMatchObject({
      policyType: "ControlPolicy",
      policyName: "Limits",
      statementIndex: 0,
    });
    expect(denied.absentKeys).toEqual(["acs:other"]);
    expect(denied.errors).toMatchObject([
      { policyType: "ControlPolicy", policyName: "Limits", statementIndex: 0, key: "ecs:Disk", value: "big" },
      {
        policyType: "ControlPolicy",
        policyName: "Limits",
        statementIndex: 1,
        key: "ecs:Count",
        value: "lots",
      },
    ]);
  });
});

describe("FULL_ALIYUN_ACCESS", () => {
  it("is the system policy Allow * on *, effect scope All", () => {
    expect(FULL_ALIYUN_ACCESS).toMatchObject({
      name: "FullAliyunAccess",
      policyType: "System",
      effectScope: "All",
    });
    const parsed = parsePolicy(
      JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
      "control",
    );
    expect(parsed.ok && parsed.policy).toEqual(FULL_ALIYUN_ACCESS.policy);
  });

  it("matches no request with an empty resource set: `*` needs an ARN to match (spec §3)", () => {
    const d = decideAll(
      { principal: USER, controlPolicyPath: path(), identityPolicies: [ALLOW_ALL] },
      request("ecs:RunInstances", []),
    );
    expect(d.result).toBe("ImplicitDeny");
    expect(d.decidedBy).toMatchObject({ policyType: "ControlPolicy", rdNode: { id: ACCOUNT } });
    expect(d.matched).toEqual([]);
    const identityOnly = decideAll(
      { principal: USER, identityPolicies: [ALLOW_ALL] },
      request("ecs:RunInstances", []),
    );
    expect(identityOnly.result).toBe("ImplicitDeny");
    expect(identityOnly.decidedBy.policyType).toBe("AccountLevelIdentityBasedPolicy");
  });
});

describe("authorizeAssumeRole", () => {
  const ROLE = `acs:ram::${ACCOUNT}:role/deployer`;
  const ASSUME = request("sts:AssumeRole", [ROLE]);
  const trust = (principal: object, extra: object[] = [], condition?: object): NamedPolicy => ({
    name: "deployer-trust",
    attachedTo: "role/deployer",
    policy: doc(
      [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: principal,
          ...(condition ? { Condition: condition } : {}),
        },
        ...extra,
      ],
      "trust",
    ),
  });
  const canAssume = ram("CanAssume", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }]);
  const chainOf = (principal: PrincipalInfo, policies: NamedPolicy[] = [canAssume]) =>
    compileChain({ principal, identityPolicies: policies });

  function both(
    chain: ReturnType<typeof compileChain>,
    t: NamedPolicy,
    caller: PrincipalInfo,
    r: AuthRequest = ASSUME,
  ): Decision {
    const fast = authorizeAssumeRole(chain, r, t, caller);
    const { explain, ...rest } = authorizeAssumeRole(chain, r, t, caller, { explain: true });
    expect(rest).toEqual(fast);
    expect(explain?.children.map((s) => s.label)).toContain("AssumeRolePolicy");
    return fast;
  }

  it.each([
    ["the account's root", { RAM: [`acs:ram::${ACCOUNT}:root`] }, USER, "Allow"],
    ["the account's root, as a bare id", { RAM: [ACCOUNT] }, USER, "Allow"],
    ["the account's root", { RAM: [`acs:ram::${ACCOUNT}:root`] }, SESSION, "Allow"],
    ["the account's root", { RAM: [`acs:ram::${ACCOUNT}:root`] }, ROOT, "Allow"],
    ["another account's root", { RAM: ["acs:ram::2222222222222222:root"] }, USER, "ImplicitDeny"],
    ["the user", { RAM: [`acs:ram::${ACCOUNT}:user/alice`] }, USER, "Allow"],
    ["another user", { RAM: [`acs:ram::${ACCOUNT}:user/bob`] }, USER, "ImplicitDeny"],
    ["users by wildcard", { RAM: [`acs:ram::${ACCOUNT}:user/al*`] }, USER, "Allow"],
    ["the session's role", { RAM: [`acs:ram::${ACCOUNT}:role/deployer`] }, SESSION, "Allow"],
    ["another role", { RAM: [`acs:ram::${ACCOUNT}:role/admin`] }, SESSION, "ImplicitDeny"],
    ["a service", { Service: ["ecs.aliyuncs.com"] }, USER, "ImplicitDeny"],
  ] as const)(
    "given a trust policy naming %s, when %s assumes the role, then %s",
    (_what, principal, caller, result) => {
      const d = both(chainOf(caller), trust(principal), caller);
      expect(d.result).toBe(result);
      if (result === "Allow" && caller.type !== "RootAccount")
        expect(d.decidedBy).toMatchObject({ policyName: "CanAssume" });
      if (result === "ImplicitDeny") {
        expect(d.decidedBy).toEqual({
          policyType: "AssumeRolePolicy",
          policyName: "deployer-trust",
          reason: `the trust policy does not admit \`${caller.arn}\``,
        });
      }
    },
  );

  it("given a session named only by its name, then its role is found from `roleName/sessionName`", () => {
    const caller: PrincipalInfo = {
      type: "AssumedRole",
      accountId: ACCOUNT,
      name: "deployer/s2",
      arn: `acs:ram::${ACCOUNT}:sts-session/s2`,
    };
    expect(both(chainOf(caller), trust({ RAM: [ROLE] }), caller).result).toBe("Allow");
  });

  it("given the caller's policies do not allow sts:AssumeRole, then the chain's deny stands and the trust policy is not consulted", () => {
    const d = both(chainOf(USER, []), trust({ RAM: [`acs:ram::${ACCOUNT}:root`] }), USER);
    expect(d).toMatchObject({
      result: "ImplicitDeny",
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy" },
    });
    expect(d.matched).toEqual([]);
  });

  it("given a matching Deny in the trust policy, then ExplicitDeny by it", () => {
    const t = trust({ RAM: [`acs:ram::${ACCOUNT}:root`] }, [
      { Effect: "Deny", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${ACCOUNT}:user/alice`] } },
    ]);
    const d = both(chainOf(USER), t, USER);
    expect(d).toMatchObject({
      result: "ExplicitDeny",
      decidedBy: { policyType: "AssumeRolePolicy", statementIndex: 1 },
    });
    expect(d.matched.map((m) => m.policyType)).toEqual([
      "AccountLevelIdentityBasedPolicy",
      "AssumeRolePolicy",
      "AssumeRolePolicy",
    ]);
  });

  it("given trust conditions, then they are evaluated against the request context", () => {
    const t = trust({ RAM: [`acs:ram::${ACCOUNT}:root`] }, [], { Bool: { "acs:MFAPresent": "true" } });
    expect(
      both(chainOf(USER), t, USER, request("sts:AssumeRole", [ROLE], { "acs:MFAPresent": "true" })).result,
    ).toBe("Allow");
    const without = both(chainOf(USER), t, USER);
    expect(without.result).toBe("ImplicitDeny");
    expect(without.absentKeys).toEqual(["acs:mfapresent"]);
  });

  it("given a service caller, then only the trust policy decides", () => {
    const service: PrincipalInfo = { type: "RootAccount", accountId: "", arn: "ecs.aliyuncs.com" };
    const d = both(chainOf(USER, []), trust({ Service: ["ECS.aliyuncs.com"] }), service);
    expect(d).toMatchObject({
      result: "Allow",
      decidedBy: { policyType: "AssumeRolePolicy", policyName: "deployer-trust" },
    });
    expect(both(chainOf(USER, []), trust({ Service: ["oss.aliyuncs.com"] }), service).result).toBe(
      "ImplicitDeny",
    );
    expect(both(chainOf(USER, []), trust({ RAM: [`acs:ram::${ACCOUNT}:root`] }), service).result).toBe(
      "ImplicitDeny",
    );
  });
});

describe("explain", () => {
  const input: ChainInput = {
    principal: USER,
    controlPolicyPath: path({ folder: [DENY_UNTAGGED] }),
    sessionPolicy: undefined,
    identityPolicies: [ALLOW_ALL],
  };

  it("given a control deny, then the tree walks request → stage → rd-node → policy → statement, later steps skipped", () => {
    const tree = authorize(compileChain(input), RUN_UNTAGGED, { explain: true }).explain as ExplainNode;
    expect(tree).toMatchObject({ kind: "request", outcome: "explicit-deny" });
    expect(tree.detail).toBe(`RamUser \`${USER.arn}\` on [\`${INSTANCE}\`, \`${IMAGE}\`]`);
    expect(tree.children.map((s) => [s.kind, s.label, s.outcome, s.detail])).toEqual([
      ["stage", "ControlPolicy", "explicit-deny", "a control policy explicitly denies the request"],
      ["stage", "SessionPolicy", "skipped", "no session policy"],
      ["stage", "AccountLevelIdentityBasedPolicy", "skipped", "not evaluated: an earlier step denied"],
    ]);
    const nodes = tree.children[0]?.children ?? [];
    expect(nodes.map((n) => [n.kind, n.label, n.outcome])).toEqual([
      ["rd-node", `account prod-app (${ACCOUNT})`, "allow"],
      ["rd-node", "folder Production (fd-prod)", "explicit-deny"],
      ["rd-node", "root Root (r-root)", "skipped"],
    ]);
    const folderPolicies = nodes[1]?.children ?? [];
    expect(folderPolicies.map((p) => [p.label, p.outcome])).toEqual([
      ["FullAliyunAccess (System)", "allow"],
      ["DenyUntaggedImages v1 (Custom)", "explicit-deny"],
    ]);
    const statement = folderPolicies[1]?.children[0];
    expect(statement?.label).toBe("Statement[0] (Sid DenyUntagged)");
    expect(statement?.children.map((c) => [c.kind, c.outcome])).toEqual([
      ["action", "match"],
      ["resource", "match"],
      ["condition", "match"],
    ]);
    expect(statement?.children[2]?.detail).toBe(
      "StringNotEquals `acs:ResourceTag/environment` = [`production`]: context does not have the key (a negated operator is true)",
    );
  });

  it("given a policy out of effect scope, then its node is skipped with the reason", () => {
    const tree = authorize(compileChain({ ...input, principal: ROOT }), RUN_UNTAGGED, { explain: true })
      .explain as ExplainNode;
    const folder = tree.children[0]?.children[1];
    expect(folder?.children[1]).toMatchObject({
      kind: "policy",
      outcome: "skipped",
      detail: "effect scope RAM does not cover the account root identity",
    });
    expect(tree.children[2]).toMatchObject({ outcome: "allow", detail: "account root identity" });
  });

  it("given no resource directory, then the control stage is skipped with the reason", () => {
    const tree = authorize(compileChain({ principal: USER, identityPolicies: [ALLOW_ALL] }), RUN_TAGGED, {
      explain: true,
    }).explain as ExplainNode;
    expect(tree.children[0]).toMatchObject({
      outcome: "skipped",
      detail: "the caller's account is not governed by control policies",
    });
  });
});

// One compiled chain serves many requests: its per-action plans and decision tables are filled by
// earlier requests and must never leak into later ones.
describe("a compiled chain reused across requests", () => {
  const tagCondition = { StringEquals: { "acs:ResourceTag/environment": ["production", "staging"] } };
  const ipCondition = { IpAddress: { "acs:SourceIp": "10.0.0.0/8" } };
  const countCondition = { NumericLessThan: { "ecs:Count": "10" } };
  const identity = [0, 1, 2].map((i) =>
    ram(`P${i}`, [
      {
        Effect: "Allow",
        Action: ["ecs:RunInstances", "ecs:Describe*"],
        Resource: [INSTANCE, "acs:ecs:*:*:image/*"],
        Condition: { ...tagCondition, ...ipCondition },
      },
      { Effect: "Allow", Action: "ecs:*", Resource: "acs:ecs:*:*:image/m-?", Condition: countCondition },
      {
        Effect: "Deny",
        Action: "ecs:RunInstances",
        Resource: "*",
        Condition: { NumericGreaterThan: { "ecs:Count": "50" } },
      },
      {
        Effect: i === 2 ? "Deny" : "Allow",
        NotAction: "ecs:Delete*",
        Resource: "acs:ecs:*:*:instance/*",
        Condition: { Bool: { "acs:SecureTransport": "false" } },
      },
    ]),
  );
  const input: ChainInput = {
    principal: USER,
    controlPolicyPath: path({ account: [DENY_UNTAGGED], folder: [control("Seed", SEED_STATEMENTS)] }, [
      "folder",
    ]),
    identityPolicies: identity,
  };
  const chain = compileChain(input);

  const requestArb = fc.record({
    action: fc.constantFrom(
      "ecs:RunInstances",
      "ECS:runinstances",
      "ecs:DescribeImages",
      "ecs:DeleteImage",
      "ecs:TagResources",
      "oss:GetObject",
    ),
    resources: fc.subarray([
      INSTANCE,
      IMAGE,
      `acs:ecs:cn-hangzhou:${ACCOUNT}:image/m-12`,
      "acs:oss:*:*:bucket/x",
    ]),
    tag: fc.option(fc.constantFrom("production", "staging", "dev"), { nil: undefined }),
    ip: fc.option(fc.constantFrom("10.1.1.1", "192.168.0.1", "nonsense"), { nil: undefined }),
    count: fc.option(fc.constantFrom("3", "20", "60", "lots", ["3", "lots"]), { nil: undefined }),
    secure: fc.option(fc.constantFrom("true", "false", "FALSE", "maybe"), { nil: undefined }),
  });

  it("decides every request as a freshly compiled chain does, with and without explain", () => {
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 30 }), (requests) => {
        for (const r of requests) {
          const context: Record<string, ContextValue> = {};
          if (r.tag !== undefined) context["acs:ResourceTag/environment"] = r.tag;
          if (r.ip !== undefined) context["acs:SourceIp"] = r.ip;
          if (r.count !== undefined) context["ecs:Count"] = r.count;
          if (r.secure !== undefined) context["acs:SecureTransport"] = r.secure;
          const req = request(r.action, r.resources, context);
          const reused = authorize(chain, req);
          expect(reused).toEqual(decide(input, req));
          const { explain: _explain, ...explained } = authorize(chain, req, { explain: true });
          expect(explained).toEqual(reused);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["with control policies", chain],
    ["with identity policies alone", compileChain({ principal: USER, identityPolicies: identity })],
  ])(
    "returns decisions whose lists belong to the caller (%s): mutating one changes no later decision",
    (_, c) => {
      const r = request("ecs:RunInstances", [INSTANCE, IMAGE], {
        "acs:ResourceTag/environment": "production",
        "acs:SourceIp": "10.0.0.1",
      });
      const first = authorize(c, r);
      const before = structuredClone(authorize(c, r));
      expect(before.matched.length).toBeGreaterThan(0);
      (first.matched as unknown[]).length = 0;
      (first.absentKeys as unknown[]).push("mutated");
      expect(authorize(c, r)).toEqual(before);
    },
  );
});
