import { describe, expect, it } from "vitest";
import { describeDenial, type DecodedDenial } from "../../../src/console/web/lib/index.js";

// describeDenial: a decoded denial in sentences — who decided, and what the image lacks.

const production: DecodedDenial = {
  requestId: "R1",
  time: "2026-01-01T00:00:00.000Z",
  principal: {
    type: "RamUser",
    accountId: "1256266688964984",
    arn: "acs:ram::1256266688964984:user/developer",
    displayName: "developer",
    accessKeyId: "LTAIx",
  },
  apiAction: "ecs/RunInstances",
  request: {
    action: "ecs:RunInstances",
    resources: ["acs:ecs:cn-hangzhou:1256266688964984:image/m-untagged"],
    context: { "acs:resourcetag/owner": "dev-team", "acs:sourceip": "127.0.0.1" },
  },
  result: "ExplicitDeny",
  decidedBy: {
    policyType: "ControlPolicy",
    policyName: "golden-image-guardrail",
    policyVersion: "v1",
    rdNode: { id: "fd-prod", name: "Production", type: "Folder" },
    statementIndex: 0,
    sid: "DenyLaunchFromUnapprovedImages",
    reason: "a statement of the control policy denies the request",
  },
  matched: [],
  errors: [],
  absentKeys: ["acs:resourcetag/environment"],
};

describe("describeDenial", () => {
  it("names the deciding policy, statement and node, and the tag the image lacks", () => {
    const described = describeDenial(production);
    expect(described.decidedBy).toBe(
      "Denied explicitly by control policy `golden-image-guardrail` (v1), statement 1 `DenyLaunchFromUnapprovedImages`, attached to folder Production (fd-prod): a statement of the control policy denies the request",
    );
    expect(described.lacks).toEqual([{ key: "environment" }]);
    expect(described.resourceTags).toEqual([{ key: "owner", value: "dev-team" }]);
    expect(described.subject).toBe("The image `m-untagged`");
    expect(described.sentences).toContain("The image `m-untagged` has no `environment` tag.");
  });

  it("says which required tags are absent and which carry another value", () => {
    const described = describeDenial(
      {
        ...production,
        request: { ...production.request, context: { "acs:resourcetag/environment": "staging" } },
        absentKeys: [],
      },
      {
        requiredTags: [
          { key: "environment", value: "production" },
          { key: "status", value: "approved" },
        ],
      },
    );
    expect(described.lacks).toEqual([
      { key: "environment", wanted: "production", actual: "staging" },
      { key: "status", wanted: "approved" },
    ]);
    expect(described.sentences).toContain(
      "The image `m-untagged` has `environment=staging` instead of `environment=production`, no `status` tag (needs `status=approved`).",
    );
  });

  it("names the image of a check over several resources, by the name the page knows it by", () => {
    // RunInstances is one check over the instance, the image, the security group and the vSwitch,
    // carrying the image's tags (the catalog's image-consuming checks).
    const account = "1256266688964984";
    const described = describeDenial(
      {
        ...production,
        request: {
          ...production.request,
          resources: [
            `acs:ecs:cn-hangzhou:${account}:instance/*`,
            `acs:ecs:cn-hangzhou:${account}:image/m-untagged`,
            `acs:ecs:cn-hangzhou:${account}:securitygroup/sg-1`,
            `acs:vpc:cn-hangzhou:${account}:vswitch/vsw-1`,
          ],
        },
      },
      { resourceNames: { "m-untagged": "legacy-web-image" } },
    );
    expect(described.subject).toBe("The image `legacy-web-image`");
    expect(described.sentences).toContain("The image `legacy-web-image` has no `environment` tag.");
  });

  it("says only 'the resource' when it cannot tell whose tags the check carried", () => {
    const described = describeDenial({
      ...production,
      request: {
        ...production.request,
        resources: ["acs:ecs:cn-hangzhou:1:instance/*", "acs:ecs:cn-hangzhou:1:securitygroup/sg-1"],
      },
    });
    expect(described.subject).toBe("The resource");
    expect(described.sentences).toContain("The resource has no `environment` tag.");
  });

  it("explains an implicit deny by the stage that found no Allow", () => {
    const described = describeDenial({
      ...production,
      result: "ImplicitDeny",
      decidedBy: {
        policyType: "AccountLevelIdentityBasedPolicy",
        reason: "no identity policy allows the request",
      },
      absentKeys: ["acs:mfapresent"],
    });
    expect(described.decidedBy).toBe("Not allowed (implicit deny): no identity policy allows the request");
    expect(described.lacks).toEqual([]);
    expect(described.sentences).toContain(
      "The policies named condition keys the request did not carry: `acs:mfapresent`.",
    );
  });
});
