// The generated guardrail, run through the policy engine: requests are derived by the catalog as the
// local cloud derives them, and decided against the organisation with the policies attached as the
// plan says. These tests are the point of generation: they show the bypasses closed and the
// legitimate work still allowed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateGuardrailPolicies } from "../../../src/guardrail/index.js";
import type { GeneratedPolicySet } from "../../../src/guardrail/index.js";
import {
  DEV,
  EXAMPLE_TEXT,
  FACTORY,
  NOW,
  PAYMENTS,
  STOREFRONT,
  createInstance,
  decideCall,
  directoryChain,
  imageCreationCalls,
  launch,
  ramChain,
  replaceSystemDisk,
  specOf,
  tagCalls,
} from "./harness.js";
import type { Who } from "./harness.js";

const EXAMPLE = specOf(EXAMPLE_TEXT);
const RD = generateGuardrailPolicies(EXAMPLE, { kind: "resource-directory" }, { now: NOW });

const admin: Who = { type: "RamUser", accountId: PAYMENTS, name: "admin" };
const pipeline: Who = { type: "AssumedRole", accountId: FACTORY, role: "image-pipeline" };
const breakGlass: Who = { type: "AssumedRole", accountId: PAYMENTS, role: "Break-Glass-Admin" };

function decider(set: GeneratedPolicySet, who: Who, at?: Date) {
  const chain = directoryChain(set, who);
  return ([action, params]: [string, Record<string, string>]) => decideCall(chain, who, action, params, at);
}

const LAUNCHES = [launch, createInstance, replaceSystemDisk];
const TAG_ACTIONS = Object.keys(tagCalls("image", "x", "k", PAYMENTS));
const CREATION_ACTIONS = Object.keys(imageCreationCalls("k"));

describe("launches and system disk replacements (resource-directory target)", () => {
  const asAdmin = decider(RD, admin);

  it("the plan is deployable: no problems", () => {
    expect(RD.problems).toEqual([]);
    expect(RD.ok).toBe(true);
  });

  it.each(LAUNCHES.map((call) => [call("m-golden")[0], call] as const))(
    "Given a golden image, %s is allowed",
    (_name, call) => {
      expect(asAdmin(call("m-golden"))).toBe("Allow");
    },
  );

  it.each([
    ["an untagged image", "m-untagged"],
    ["an image lacking one of several tags", "m-partial"],
    ["an image with a tag of the wrong value", "m-wrong-value"],
    ["an untrusted owner's image carrying every golden tag", "m-forged"],
    ["an Alibaba public image (no owner, source System)", "ubuntu_22_04_x64_20G_alibase_20240130"],
    ["the account's own golden-tagged image (owner not trusted, source Self)", "m-own-golden"],
    ["an image tagged with an exemption the spec does not have", "m-made-up-exemption"],
  ])("Given %s, RunInstances, CreateInstance and ReplaceSystemDisk are explicitly denied", (_what, image) => {
    for (const call of LAUNCHES) expect(asAdmin(call(image)), call(image)[0]).toBe("ExplicitDeny");
  });

  it("Given the account's root identity (effect scope All), an untagged launch is denied too", () => {
    const root: Who = { type: "RootAccount", accountId: PAYMENTS };
    expect(decider(RD, root)(launch("m-untagged"))).toBe("ExplicitDeny");
  });

  it("Given effect scope RAM, the root identity is not held, and RAM users still are", () => {
    const spec = specOf(`${EXAMPLE_TEXT}generation:\n  effectScope: RAM\n`);
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    expect(decider(set, { type: "RootAccount", accountId: PAYMENTS })(launch("m-untagged"))).toBe("Allow");
    expect(decider(set, admin)(launch("m-untagged"))).toBe("ExplicitDeny");
  });

  it("Given an audit scope, nothing is attached and an untagged launch is allowed", () => {
    expect(decider(RD, { type: "RamUser", accountId: DEV, name: "dev" })(launch("m-untagged"))).toBe("Allow");
  });
});

describe("tag changes on images (every tag-mutating action, ECS and Tag service)", () => {
  const asAdmin = decider(RD, admin);

  it.each(TAG_ACTIONS)("Given a protected key on an image, %s is explicitly denied", (action) => {
    for (const key of ["status", "security-level", "environment", "imageguard-exemption"]) {
      const params = tagCalls("image", "m-own-untagged", key, PAYMENTS)[
        action as keyof ReturnType<typeof tagCalls>
      ];
      expect(asAdmin([action, params]), `${action} ${key}`).toBe("ExplicitDeny");
    }
  });

  it.each(TAG_ACTIONS)("Given an unprotected key on an image, %s is allowed", (action) => {
    const params = tagCalls("image", "m-own-untagged", "owner", PAYMENTS)[
      action as keyof ReturnType<typeof tagCalls>
    ];
    expect(asAdmin([action, params])).toBe("Allow");
  });

  it.each(TAG_ACTIONS)(
    "Given a protected key on an instance, %s is allowed (only images are guarded)",
    (action) => {
      const params = tagCalls("instance", "i-app", "status", PAYMENTS)[
        action as keyof ReturnType<typeof tagCalls>
      ];
      expect(asAdmin([action, params])).toBe("Allow");
    },
  );

  it("Given UntagResources with All=true on an image with a protected tag, it is denied", () => {
    const params = {
      RegionId: "cn-hangzhou",
      ResourceType: "image",
      "ResourceId.1": "m-own-golden",
      All: "true",
    };
    expect(asAdmin(["ecs:UntagResources", params])).toBe("ExplicitDeny");
  });
});

describe("images created, copied or imported with protected tags", () => {
  const asAdmin = decider(RD, admin);

  it.each(CREATION_ACTIONS)("Given a protected Tag.N, %s is explicitly denied", (action) => {
    const params = imageCreationCalls("status")[action as keyof ReturnType<typeof imageCreationCalls>];
    expect(asAdmin([action, params])).toBe("ExplicitDeny");
  });

  it.each(CREATION_ACTIONS)("Given no tags or an unprotected one, %s is allowed", (action) => {
    const key = action as keyof ReturnType<typeof imageCreationCalls>;
    expect(asAdmin([action, imageCreationCalls(undefined)[key]])).toBe("Allow");
    expect(asAdmin([action, imageCreationCalls("owner")[key]])).toBe("Allow");
  });
});

describe("the pipeline roles", () => {
  const asPipeline = decider(RD, pipeline);

  it("may tag images golden and create, copy and import golden images", () => {
    for (const action of TAG_ACTIONS) {
      const params = tagCalls("image", "m-own-untagged", "status", FACTORY)[
        action as keyof ReturnType<typeof tagCalls>
      ];
      expect(asPipeline([action, params]), action).toBe("Allow");
    }
    for (const action of CREATION_ACTIONS) {
      const params = imageCreationCalls("status")[action as keyof ReturnType<typeof imageCreationCalls>];
      expect(asPipeline([action, params]), action).toBe("Allow");
    }
  });

  it("Given `launchExempt: true`, may launch builders from base images", () => {
    expect(asPipeline(launch("ubuntu_22_04_x64_20G_alibase_20240130"))).toBe("Allow");
  });

  it("Given `launchExempt: false`, is held to the launch rule like everyone else, but still tags", () => {
    const spec = specOf(EXAMPLE_TEXT.replace("launchExempt: true", "launchExempt: false"));
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    const decideAs = decider(set, pipeline);
    expect(decideAs(launch("ubuntu_22_04_x64_20G_alibase_20240130"))).toBe("ExplicitDeny");
    expect(
      decideAs(["ecs:AddTags", tagCalls("image", "m-own-untagged", "status", FACTORY)["ecs:AddTags"]]),
    ).toBe("Allow");
  });

  it("Given a role of the same name in another account, it is not the pipeline (the ARN pins the account)", () => {
    const impostor: Who = { type: "AssumedRole", accountId: PAYMENTS, role: "image-pipeline" };
    const params = tagCalls("image", "m-own-untagged", "status", PAYMENTS)["ecs:AddTags"];
    expect(decider(RD, impostor)(["ecs:AddTags", params])).toBe("ExplicitDeny");
  });

  it("Given another principal in the factory account, it may not tag images golden", () => {
    const developer: Who = { type: "RamUser", accountId: FACTORY, name: "developer" };
    const params = tagCalls("image", "m-own-untagged", "status", FACTORY)["tag:TagResources"];
    expect(decider(RD, developer)(["tag:TagResources", params])).toBe("ExplicitDeny");
  });
});

describe("break-glass roles", () => {
  const asBreakGlass = decider(RD, breakGlass);

  it("are allowed everything the guardrail denies (role names match in lower case, as RAM writes ARNs)", () => {
    for (const call of LAUNCHES) expect(asBreakGlass(call("m-untagged"))).toBe("Allow");
    for (const action of TAG_ACTIONS) {
      const params = tagCalls("image", "m-own-untagged", "status", PAYMENTS)[
        action as keyof ReturnType<typeof tagCalls>
      ];
      expect(asBreakGlass([action, params]), action).toBe("Allow");
    }
    for (const action of CREATION_ACTIONS) {
      const params = imageCreationCalls("status")[action as keyof ReturnType<typeof imageCreationCalls>];
      expect(asBreakGlass([action, params]), action).toBe("Allow");
    }
  });
});

describe("the roles the guardrail exempts", () => {
  const factoryAdmin: Who = { type: "RamUser", accountId: FACTORY, name: "factory-ops" };
  const paymentsAdmin: Who = admin;
  const trust = JSON.stringify({
    Version: "1",
    Statement: [
      { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${FACTORY}:root`] } },
    ],
  });
  const roleCalls = (roleName: string): [string, Record<string, string>][] => [
    ["ram:UpdateRole", { RoleName: roleName, NewAssumeRolePolicyDocument: trust }],
    ["ram:DeleteRole", { RoleName: roleName }],
    [
      "ram:AttachPolicyToRole",
      { RoleName: roleName, PolicyName: "AdministratorAccess", PolicyType: "System" },
    ],
    [
      "ram:DetachPolicyFromRole",
      { RoleName: roleName, PolicyName: "AdministratorAccess", PolicyType: "System" },
    ],
  ];

  it("cannot be updated, deleted (to be made again) or have policies attached or detached by an account's administrator", () => {
    for (const call of roleCalls("image-pipeline"))
      expect(decider(RD, factoryAdmin)(call), call[0]).toBe("ExplicitDeny");
    for (const call of roleCalls("break-glass-admin"))
      expect(decider(RD, paymentsAdmin)(call), call[0]).toBe("ExplicitDeny");
  });

  it("cannot be changed by the pipeline role either, so a pipeline session cannot hand its exemption on", () => {
    for (const call of roleCalls("image-pipeline"))
      expect(decider(RD, pipeline)(call), call[0]).toBe("ExplicitDeny");
  });

  it("can be changed by a break-glass role", () => {
    for (const call of roleCalls("break-glass-admin"))
      expect(decider(RD, breakGlass)(call), call[0]).toBe("Allow");
  });

  it("leaves every other role alone, and roles of the exempt names in other accounts", () => {
    for (const call of roleCalls("app-deployer"))
      expect(decider(RD, factoryAdmin)(call), call[0]).toBe("Allow");
    for (const call of roleCalls("image-pipeline"))
      expect(decider(RD, paymentsAdmin)(call), call[0]).toBe("Allow");
  });

  it("Given a role name pattern with `*`, protects every role it matches", () => {
    const spec = specOf(EXAMPLE_TEXT.replace("role/image-pipeline", "role/pipeline-*"));
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    expect(set.ok).toBe(true);
    for (const call of roleCalls("pipeline-builder"))
      expect(decider(set, factoryAdmin)(call), call[0]).toBe("ExplicitDeny");
    for (const call of roleCalls("builder")) expect(decider(set, factoryAdmin)(call), call[0]).toBe("Allow");
  });
});

describe("exemptions", () => {
  const after = (date: string) =>
    generateGuardrailPolicies(EXAMPLE, { kind: "resource-directory" }, { now: new Date(date) });
  const storefront: Who = { type: "RamUser", accountId: STOREFRONT, name: "admin" };
  // storefront-migration ends 2028-07-31T10:00:00Z; payments-hsm-appliance ends 2028-10-01T00:00:00Z.
  const beforeAccountEnd = new Date("2028-07-31T09:59:59Z");
  const afterAccountEnd = new Date("2028-07-31T10:00:00Z");

  it("Given an exempted account, its principals are left out while the exemption holds", () => {
    expect(decider(RD, storefront)(launch("m-untagged"))).toBe("Allow");
    expect(
      decider(
        RD,
        storefront,
        beforeAccountEnd,
      )(["ecs:CreateImage", imageCreationCalls("status")["ecs:CreateImage"]]),
    ).toBe("Allow");
  });

  it("Given the policies deployed before, the account exemption ends on time without a new plan", () => {
    expect(decider(RD, storefront, afterAccountEnd)(launch("m-untagged"))).toBe("ExplicitDeny");
    expect(
      decider(
        RD,
        storefront,
        afterAccountEnd,
      )(["ecs:CreateImage", imageCreationCalls("status")["ecs:CreateImage"]]),
    ).toBe("ExplicitDeny");
    // The other rules of the account stay as they were: golden launches are fine.
    expect(decider(RD, storefront, afterAccountEnd)(launch("m-golden"))).toBe("Allow");
  });

  it("Given a plan made after the account exemption ended, it is gone from the policies", () => {
    const later = after("2028-08-01T00:00:00Z");
    expect(JSON.stringify(later.policies)).not.toContain(STOREFRONT);
    expect(decider(later, storefront, new Date("2028-08-01T00:00:00Z"))(launch("m-untagged"))).toBe(
      "ExplicitDeny",
    );
  });

  it("Given an image exemption, the image tagged with its id launches until the exemption ends, then not", () => {
    expect(decider(RD, admin)(launch("m-hsm-copy"))).toBe("Allow");
    expect(decider(RD, admin, new Date("2028-09-30T23:59:59Z"))(launch("m-hsm-copy"))).toBe("Allow");
    expect(decider(RD, admin, new Date("2028-10-01T00:00:00Z"))(launch("m-hsm-copy"))).toBe("ExplicitDeny");
    expect(
      decider(after("2028-10-01T00:00:00Z"), admin, new Date("2028-10-01T00:00:00Z"))(launch("m-hsm-copy")),
    ).toBe("ExplicitDeny");
  });

  it("Given both exemptions, a principal of the exempted account launches an exemption-tagged image only while either holds", () => {
    // After the account exemption ends, the image exemption still covers the tag criteria.
    expect(decider(RD, storefront, afterAccountEnd)(launch("m-hsm-copy"))).toBe("Allow");
    expect(decider(RD, storefront, new Date("2028-10-01T00:00:00Z"))(launch("m-hsm-copy"))).toBe(
      "ExplicitDeny",
    );
  });

  it("Given a whole-scope exemption, the scope is free until it ends and enforced from then on", () => {
    const spec = specOf(
      `${EXAMPLE_TEXT}  - { id: freeze, scope: Root/Production, reason: r, approver: a, expiresAt: "2026-06-01" }\n`,
    );
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    expect(set.ok).toBe(true);
    expect(decider(set, admin, new Date("2026-06-01T23:59:59Z"))(launch("m-untagged"))).toBe("Allow");
    expect(
      decider(
        set,
        admin,
        new Date("2026-06-01T23:59:59Z"),
      )(["ecs:CreateImage", imageCreationCalls("status")["ecs:CreateImage"]]),
    ).toBe("Allow");
    expect(decider(set, admin, new Date("2026-06-02T00:00:00Z"))(launch("m-untagged"))).toBe("ExplicitDeny");
    // The account and image exemptions that outlive it still hold after it.
    expect(decider(set, storefront, new Date("2026-06-02T00:00:00Z"))(launch("m-untagged"))).toBe("Allow");
    expect(decider(set, admin, new Date("2026-06-02T00:00:00Z"))(launch("m-hsm-copy"))).toBe("Allow");
    expect(decider(set, admin, new Date("2026-06-02T00:00:00Z"))(launch("m-golden"))).toBe("Allow");
  });

  it("Given an image exemption, the exemption tag cannot be set by anyone but the pipeline", () => {
    const params = tagCalls("image", "m-own-untagged", "imageguard-exemption", PAYMENTS)["ecs:AddTags"];
    expect(decider(RD, admin)(["ecs:AddTags", params])).toBe("ExplicitDeny");
  });

  it("Given an image exemption, it relaxes the tag criteria only: owner and source statements do not know it", () => {
    // An exemption tag on an untrusted owner's image was set by that owner.
    const statements = RD.policies.flatMap((policy) => policy.document.Statement);
    const others = statements.filter((statement) => !statement.Sid.startsWith("DenyLaunchWithoutTag"));
    expect(others.length).toBeGreaterThan(0);
    expect(others.some((statement) => JSON.stringify(statement).includes('imageguard-exemption":'))).toBe(
      false,
    );
  });
});

describe("RAM target (an account without a Resource Directory)", () => {
  const spec = specOf(`version: 1
golden:
  requiredTags:
    status: [approved]
    security-level: [trusted]
    environment: [production]
  trustedOwners: ["${FACTORY}"]
scopes:
  - { id: "${PAYMENTS}", mode: enforce }
pipeline:
  roles: ["acs:ram::${PAYMENTS}:role/image-pipeline"]
breakGlass:
  roles: ["acs:ram::${PAYMENTS}:role/break-glass-admin"]
`);
  const set = generateGuardrailPolicies(spec, { kind: "ram" }, { now: NOW });
  const as = (who: Who, attach = true) => {
    const chain = ramChain(set, who, attach);
    return ([action, params]: [string, Record<string, string>]) => decideCall(chain, who, action, params);
  };

  it("generates RAM policies for the account, attached to every identity but the break-glass roles", () => {
    expect(set.ok).toBe(true);
    expect(set.policies.every((policy) => policy.kind === "ram" && policy.size <= 6144)).toBe(true);
    expect(set.attachments).toEqual([
      {
        target: {
          kind: "ram-identities",
          scope: PAYMENTS,
          accountId: PAYMENTS,
          exceptRoles: [`acs:ram:*:${PAYMENTS}:role/break-glass-admin`],
        },
        policies: ["imageguard-guardrail"],
        slotsUsed: 1,
        slotLimit: 10,
      },
    ]);
  });

  it("denies the bypasses to an administrator and allows golden work", () => {
    const decideAs = as(admin);
    expect(decideAs(launch("m-untagged"))).toBe("ExplicitDeny");
    expect(decideAs(launch("m-partial"))).toBe("ExplicitDeny");
    expect(decideAs(launch("m-forged"))).toBe("ExplicitDeny");
    expect(decideAs(launch("m-golden"))).toBe("Allow");
    expect(
      decideAs(["ecs:AddTags", tagCalls("image", "m-own-untagged", "status", PAYMENTS)["ecs:AddTags"]]),
    ).toBe("ExplicitDeny");
    expect(decideAs(["ecs:CopyImage", imageCreationCalls("environment")["ecs:CopyImage"]])).toBe(
      "ExplicitDeny",
    );
    expect(decideAs(["ecs:AddTags", tagCalls("instance", "i-app", "status", PAYMENTS)["ecs:AddTags"]])).toBe(
      "Allow",
    );
  });

  it("lets the pipeline role (which has the policies too) tag, and the break-glass role (which has not) do all", () => {
    const pipelineRole: Who = { type: "AssumedRole", accountId: PAYMENTS, role: "image-pipeline" };
    expect(
      as(pipelineRole)([
        "tag:TagResources",
        tagCalls("image", "m-own-untagged", "status", PAYMENTS)["tag:TagResources"],
      ]),
    ).toBe("Allow");
    expect(as(pipelineRole)(launch("m-untagged"))).toBe("ExplicitDeny");
    const glass: Who = { type: "AssumedRole", accountId: PAYMENTS, role: "break-glass-admin" };
    expect(as(glass, false)(launch("m-untagged"))).toBe("Allow");
    // Attached by mistake, the policies still leave it out.
    expect(as(glass, true)(launch("m-untagged"))).toBe("Allow");
  });

  it("protects the exempt roles in RAM policies too: the administrator cannot rewrite the pipeline role's trust", () => {
    const update: [string, Record<string, string>] = [
      "ram:UpdateRole",
      { RoleName: "image-pipeline", NewAssumeRolePolicyDocument: "{}" },
    ];
    expect(as(admin)(update)).toBe("ExplicitDeny");
    const glass: Who = { type: "AssumedRole", accountId: PAYMENTS, role: "break-glass-admin" };
    expect(as(glass, true)(update)).toBe("Allow");
  });
});

describe("for contrast: the same harness finds the brief's own policy's bypasses", () => {
  // The brief's enterprise example attached to Production in place of the guardrail. If the harness
  // could not see a bypass, the tests above would prove nothing.
  const seedText = readFileSync(
    new URL("../../fixtures/policies/seed-control-policy.json", import.meta.url),
    "utf8",
  );
  const seed = {
    ...RD,
    policies: [
      { ...(RD.policies[0] as GeneratedPolicySet["policies"][number]), name: "seed", text: seedText },
    ],
    attachments: [
      { ...(RD.attachments[1] as GeneratedPolicySet["attachments"][number]), policies: ["seed"] },
    ],
  } satisfies GeneratedPolicySet;
  const asAdmin = decider(seed, admin);

  it("the Allow-only control policy lets an untagged launch through, and AddTags and tag:TagResources tag images", () => {
    expect(asAdmin(launch("m-untagged"))).toBe("Allow");
    expect(
      asAdmin(["ecs:AddTags", tagCalls("image", "m-own-untagged", "status", PAYMENTS)["ecs:AddTags"]]),
    ).toBe("Allow");
    expect(
      asAdmin([
        "tag:TagResources",
        tagCalls("image", "m-own-untagged", "status", PAYMENTS)["tag:TagResources"],
      ]),
    ).toBe("Allow");
    expect(asAdmin(["ecs:CreateImage", imageCreationCalls("status")["ecs:CreateImage"]])).toBe("Allow");
    // What it does close: ECS TagResources on images.
    expect(
      asAdmin([
        "ecs:TagResources",
        tagCalls("image", "m-own-untagged", "status", PAYMENTS)["ecs:TagResources"],
      ]),
    ).toBe("ExplicitDeny");
  });
});
