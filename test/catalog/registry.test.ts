import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  GLOBAL_CONTEXT_KEYS,
  PRODUCT_VERSIONS,
  catalogEntries,
  catalogView,
  describeEntry,
  expandArn,
  findAction,
  findApiAction,
  imageConsumingActions,
  imageProducingActions,
  parseArnTemplate,
  placeholdersOf,
  resolveProduct,
  suggestAction,
  tagMutatingActions,
} from "../../src/catalog/index.js";

describe("findAction", () => {
  it("finds an action whatever the case of service and name", () => {
    // Given RAM action names are case-insensitive in policies (spec §3)
    // When looked up in other spellings
    // Then the canonical entry comes back
    for (const spelling of ["ecs:RunInstances", "ECS:RUNINSTANCES", "ecs:runinstances", "Ecs:runInstances"]) {
      expect(findAction(spelling)?.ramAction).toBe("ecs:RunInstances");
    }
  });

  it("finds name-only actions and nothing for unknown names", () => {
    expect(findAction("ecs:createtags")?.checkKind).toBe("name-only");
    expect(findAction("ecs:RunInstance")).toBeUndefined();
    expect(findAction("ecs:*")).toBeUndefined();
  });
});

describe("findApiAction", () => {
  it("tells the ECS and Tag service TagResources apart by product or by version", () => {
    expect(findApiAction("Ecs", "TagResources")?.ramAction).toBe("ecs:TagResources");
    expect(findApiAction("2014-05-26", "TagResources")?.ramAction).toBe("ecs:TagResources");
    expect(findApiAction("Tag", "TagResources")?.ramAction).toBe("tag:TagResources");
    expect(findApiAction("2018-08-28", "TagResources")?.ramAction).toBe("tag:TagResources");
  });

  it("routes every version of wire-protocol.md, Vpc included", () => {
    expect(findApiAction("2016-04-28", "DescribeVSwitches")?.ramAction).toBe("vpc:DescribeVSwitches");
    expect(findApiAction("2015-05-01", "CreateUser")?.ramAction).toBe("ram:CreateUser");
    expect(findApiAction("2015-04-01", "AssumeRole")?.ramAction).toBe("sts:AssumeRole");
    expect(findApiAction("2020-03-31", "AttachControlPolicy")?.ramAction).toBe(
      "resourcemanager:AttachControlPolicy",
    );
  });

  it("finds no API action for a name no API calls, an unknown version or a wrong product", () => {
    expect(findApiAction("Ecs", "CreateTags")).toBeUndefined();
    expect(findApiAction("2099-01-01", "RunInstances")).toBeUndefined();
    expect(findApiAction("Ram", "RunInstances")).toBeUndefined();
  });
});

describe("suggestAction", () => {
  it.each([
    ["ecs:RunInstance", "ecs:RunInstances"],
    ["ECS:runinstance", "ecs:RunInstances"],
    ["ecs:DescribeImage", "ecs:DescribeImages"],
    ["ram:AttachPolicyToUsr", "ram:AttachPolicyToUser"],
    ["ecs:runinstances", "ecs:RunInstances"],
    ["tag:TagResource", "tag:TagResources"],
  ])("suggests %s → %s", (typo, expected) => {
    expect(suggestAction(typo)).toBe(expected);
  });

  it("suggests nothing for names far from any action", () => {
    expect(suggestAction("oss:PutObject")).toBeUndefined();
    expect(suggestAction("ecs:TotallyUnrelatedThing")).toBeUndefined();
  });
});

describe("the guardrail's action sets are exactly spec §6", () => {
  it("image-consuming", () => {
    expect([...imageConsumingActions].sort()).toEqual([
      "ecs:CreateInstance",
      "ecs:ReplaceSystemDisk",
      "ecs:RunInstances",
    ]);
  });
  it("tag-mutating", () => {
    expect([...tagMutatingActions].sort()).toEqual(
      [
        "ecs:AddTags",
        "ecs:RemoveTags",
        "ecs:TagResources",
        "ecs:UntagResources",
        "tag:TagResources",
        "tag:UntagResources",
      ].sort(),
    );
  });
  it("image-producing", () => {
    expect([...imageProducingActions].sort()).toEqual([
      "ecs:CopyImage",
      "ecs:CreateImage",
      "ecs:ImportImage",
    ]);
  });
});

describe("catalogView (what lint reads)", () => {
  it("lists every action name once", () => {
    expect(catalogView.actionNames).toHaveLength(catalogEntries.length);
    expect(new Set(catalogView.actionNames).size).toBe(catalogEntries.length);
  });

  it("gives context keys in canonical form, tag families as acs:resourcetag/* and acs:requesttag/*", () => {
    const keys = catalogView.contextKeys("ECS:RunInstances");
    expect(keys).toEqual(
      expect.arrayContaining([
        "acs:resourcetag/*",
        "acs:requesttag/*",
        "acs:tagkeys",
        "ecs:imageownerid",
        "ecs:imagesource",
        "ecs:imageplatform",
        "ecs:instancetype",
      ]),
    );
    for (const key of keys ?? []) expect(key).toBe(key.toLowerCase());
    expect(catalogView.contextKeys("ecs:DescribeRegions")).toEqual([]);
    expect(catalogView.contextKeys("ecs:NoSuchAction")).toBeUndefined();
  });

  it("gives ARN templates with a real form for bare ARN parameters", () => {
    expect(catalogView.arnTemplates("ecs:DeleteImage")).toEqual([
      "acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}",
    ]);
    expect(catalogView.arnTemplates("sts:AssumeRole")).toEqual(["acs:ram::{AccountId}:role/{RoleName}"]);
    expect(catalogView.arnTemplates("sts:GetCallerIdentity")).toEqual([]);
    expect(catalogView.arnTemplates("nope:Nope")).toBeUndefined();
  });
});

describe("constants", () => {
  it("global keys are the five of spec §4 plus acs:PrincipalARN, which every request carries", () => {
    expect([...GLOBAL_CONTEXT_KEYS]).toEqual([
      "acs:CurrentTime",
      "acs:SecureTransport",
      "acs:SourceIp",
      "acs:MFAPresent",
      "acs:AccessId",
      "acs:PrincipalARN",
    ]);
  });

  it("product versions are those of wire-protocol.md", () => {
    expect(PRODUCT_VERSIONS).toEqual({
      Ecs: "2014-05-26",
      Vpc: "2016-04-28",
      Ram: "2015-05-01",
      Sts: "2015-04-01",
      ResourceManager: "2020-03-31",
      Tag: "2018-08-28",
      ActionTrail: "2020-07-06",
    });
    expect(resolveProduct("resourcemanager")).toBe("ResourceManager");
    expect(resolveProduct("2016-04-28")).toBe("Vpc");
    expect(resolveProduct("s3")).toBeUndefined();
  });
});

describe("ARN templates", () => {
  it("expands placeholders and widens unknown ones to *", () => {
    const template = "acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}";
    expect(placeholdersOf(template)).toEqual(["RegionId", "ImageOwnerId", "ImageId"]);
    expect(expandArn(template, { RegionId: "cn-hangzhou", ImageOwnerId: "", ImageId: "centos_7" })).toBe(
      "acs:ecs:cn-hangzhou::image/centos_7",
    );
    expect(expandArn(template, { RegionId: "cn-hangzhou" })).toBe("acs:ecs:cn-hangzhou:*:image/*");
  });

  it("parses only the first four separators, so relative ids keep : and /", () => {
    expect(parseArnTemplate("acs:resourcemanager::{AccountId}:folder/{Path}")).toEqual({
      service: "resourcemanager",
      region: "",
      account: "{AccountId}",
      resourceType: "folder",
      relativeId: "folder/{Path}",
    });
    expect(parseArnTemplate("acs:ecs:r:a:x/y:z")?.relativeId).toBe("x/y:z");
    expect(parseArnTemplate("*")).toBeUndefined();
    expect(parseArnTemplate("{ResourceARN}")).toBeUndefined();
  });
});

describe("describeEntry", () => {
  it("gives the data `imageguard` prints for an action", () => {
    const entry = findAction("ecs:RunInstances");
    expect(entry).toBeDefined();
    if (entry === undefined) return;
    const described = describeEntry(entry);
    expect(described.api).toBe("Ecs 2014-05-26 RunInstances");
    expect(described.checkKind).toBe("image-consuming");
    expect(described.resources).toContainEqual({
      arn: "acs:ecs:{RegionId}:{AccountId}:keypair/{KeyPairName}",
      when: "KeyPairName is given",
    });
    expect(described.contextKeys).toContainEqual({ key: "vpc:VPC", source: "not populated by imageguard" });
    expect(described.docs).toBe(
      "https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-runinstances",
    );
  });

  it("has no API line for a name no API checks", () => {
    const entry = findAction("ecs:DeleteTags");
    expect(entry && describeEntry(entry).api).toBeUndefined();
  });
});

describe("docs/catalog.md", () => {
  it("lists every action that carries a decision", () => {
    const doc = readFileSync(new URL("../../docs/catalog.md", import.meta.url), "utf8");
    const decisions = doc.slice(doc.indexOf("## Decisions"));
    const missing = catalogEntries
      .filter((entry) => entry.decision !== undefined)
      .map((entry) => entry.ramAction)
      .filter((action) => !decisions.includes(`\`${action}\``));
    expect(missing).toEqual([]);
  });
});
