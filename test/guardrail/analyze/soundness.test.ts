// No missed bypass: for random small policy sets and random concrete requests, whenever the engine
// allows every check the catalog derives for a request that answers a question, the analysis has
// reported that (principal, action, question). The requests here are built independently of the
// analyzer (parameters + a world, through the catalog's `deriveChecks`), so a class the analyzer
// fails to enumerate shows up as a counterexample.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GLOBAL_CONTEXT_KEYS, deriveChecks, findAction } from "../../../src/catalog/index.js";
import type { ImageSource, ResourceFacts, ResourceLookup } from "../../../src/catalog/index.js";
import { authorize, compileChain, makeContext } from "../../../src/policy/index.js";
import { analyzeBypasses, buildOrgModel, goldenFailures } from "../../../src/guardrail/index.js";
import type { AnalysisCriteria, BypassQuestion, OrgModel } from "../../../src/guardrail/index.js";
import { principalArnOf, replayProblem } from "./replay.js";

const ACCOUNT = "1111111111111111";
const OTHER = "2222222222222222";
const TRUSTED = "1200000000000001";
const CRITERIA: AnalysisCriteria = {
  requiredTags: [{ key: "env", values: ["prod"] }],
  trustedOwners: [ACCOUNT, TRUSTED],
  protectedTagKeys: ["env", "status"],
};
const PROTECTED = ["env", "status"];

// ---------------------------------------------------------------------------------------------
// Policies

const ACTIONS = [
  "*",
  "ecs:*",
  "tag:*",
  "ecs:RunInstances",
  "ecs:CreateInstance",
  "ecs:ReplaceSystemDisk",
  "ecs:*Tags",
  "ecs:TagResources",
  "ecs:UntagResources",
  "tag:TagResources",
  "tag:UntagResources",
  "ecs:CreateImage",
  "ecs:CopyImage",
  "ecs:ImportImage",
  "ecs:*Image",
  "ecs:Run*",
];
const RESOURCES = [
  "*",
  "acs:ecs:*:*:image/*",
  "acs:ecs:*:*:instance/*",
  "acs:ecs:cn-hangzhou:*:*",
  `acs:ecs:*:${ACCOUNT}:*`,
  "acs:ecs:*:*:image/m-a*",
  "acs:ecs:cn-*:*:image/*",
  "acs:ecs:*:*:securitygroup/*",
  "acs:ecs:*:*:keypair/*",
  "acs:ecs:*::image/*",
  `acs:ecs:*:${OTHER}:image/*`,
  "acs:ecs:*:*:*/?-a1",
];

// Few constants, so that policies and requests often meet on the same classes.
const stringValues = fc.constantFrom("prod", "Prod", "p*", "*", "", "env", "s?atus");
const stringOperator = fc.constantFrom(
  "StringEquals",
  "StringNotEquals",
  "StringLike",
  "StringNotLike",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
);
// Weighted toward the keys the questions turn on, so that policies and requests meet often.
const clause = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      operator: stringOperator,
      key: fc.constantFrom("acs:ResourceTag/env", "acs:RequestTag/env", "acs:TagKeys"),
      values: fc.array(stringValues, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      operator: stringOperator,
      key: fc.constantFrom("ecs:ImageSource", "ecs:InstanceType", "ecs:ImagePlatform"),
      values: fc.array(fc.constantFrom("Self", "Others", "System", "prod", "ecs.*", "Cent*", "*"), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      operator: fc.constantFrom("StringEquals", "StringNotEquals", "StringLike", "StringNotLike"),
      key: fc.constant("ecs:ImageOwnerId"),
      values: fc.array(fc.constantFrom(ACCOUNT, OTHER, TRUSTED, "1*", "*2"), { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      operator: fc.constantFrom("StringLike", "StringNotLike"),
      key: fc.constant("acs:PrincipalARN"),
      values: fc.array(fc.constantFrom("acs:ram:*:*:role/pipeline", `acs:ram:*:${ACCOUNT}:user/*`, "*"), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      operator: fc.constantFrom("IpAddress", "NotIpAddress"),
      key: fc.constant("acs:SourceIp"),
      values: fc.array(fc.constantFrom("10.0.0.0/8", "192.168.1.1", "203.0.113.0/24"), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      operator: fc.constantFrom("DateLessThan", "DateGreaterThan", "DateEquals", "DateNotEquals"),
      key: fc.constant("acs:CurrentTime"),
      values: fc.array(fc.constantFrom("2025-01-01T00:00:00Z", "2026-06-01T08:00:00+08:00"), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      operator: fc.constant("Bool"),
      key: fc.constant("acs:SecureTransport"),
      values: fc.array(fc.constantFrom("true", "false"), { minLength: 1, maxLength: 1 }),
    }),
  },
);

const statement = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
  Resource: fc.array(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
  Condition: fc.array(clause, { maxLength: 2 }),
});

interface StatementShape {
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition: readonly {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly string[];
  }[];
}

function documentOf(statements: readonly StatementShape[]): unknown {
  return {
    Version: "1",
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.Condition) {
        const block = (condition[c.operator] ??= {});
        block[c.key] = [...new Set([...(block[c.key] ?? []), ...c.values])];
      }
      return {
        Effect: s.Effect,
        Action: [...new Set(s.Action)],
        Resource: [...new Set(s.Resource)],
        ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
      };
    }),
  };
}

const world = fc.record({
  identity: fc.array(statement, { minLength: 1, maxLength: 3 }),
  control: fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  detachFullAccess: fc.boolean(),
  principal: fc.constantFrom("user", "role", "root"),
});

interface World {
  readonly identity: readonly StatementShape[];
  readonly control?: readonly StatementShape[] | undefined;
  readonly detachFullAccess: boolean;
  readonly principal: string;
}

function orgOf(w: World): OrgModel {
  const { identity, control, detachFullAccess, principal } = w;
  const doc = {
    policies: { Identity: { document: documentOf(identity) } },
    ...(control === undefined
      ? {}
      : {
          controlPolicies: { Guard: { document: documentOf(control), effectScope: "All" } },
          directory: {
            managementAccountId: "1000000000000001",
            nodes: [
              { id: "r-root", type: "Root", name: "Root" },
              {
                id: "fd-prod",
                type: "Folder",
                name: "Production",
                parent: "r-root",
                attach: ["Guard"],
                ...(detachFullAccess ? { detach: ["FullAliyunAccess"] } : {}),
              },
              { id: ACCOUNT, type: "Account", name: "app", parent: "fd-prod" },
            ],
          },
        }),
    principals: [
      principal === "root"
        ? { type: "RootAccount", accountId: ACCOUNT }
        : principal === "role"
          ? { type: "AssumedRole", accountId: ACCOUNT, name: "pipeline", policies: ["Identity"] }
          : { type: "RamUser", accountId: ACCOUNT, name: "alice", policies: ["Identity"] },
    ],
  };
  const result = buildOrgModel(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.model;
}

// ---------------------------------------------------------------------------------------------
// Concrete requests, built the way a caller would send them

const region = fc.constantFrom("cn-hangzhou", "cn-beijing", "ap-southeast-1");
const imageId = fc.constantFrom("m-a1", "m-b2", "m-x");
const tagValue = fc.constantFrom("prod", "Prod", "dev", "", "p*");
const tagKey = fc.constantFrom("env", "status", "team", "Env");
const tags = fc.dictionary(tagKey, tagValue, { maxKeys: 3 });
const globals = fc.record({
  "acs:SourceIp": fc.constantFrom("10.1.2.3", "192.168.1.1", "198.51.100.7", "203.0.113.255"),
  "acs:CurrentTime": fc.constantFrom(
    "2024-12-31T23:59:59Z",
    "2025-01-01T00:00:00Z",
    "2026-06-01T00:00:00Z",
    "2027-01-01T00:00:00Z",
  ),
  "acs:SecureTransport": fc.constantFrom("true", "false"),
});

interface Image {
  readonly id: string;
  readonly regionId: string;
  readonly ownerId: string;
  readonly source: ImageSource;
  readonly tags: Record<string, string>;
  readonly platform?: string;
}

const image = fc
  .record({
    id: imageId,
    regionId: region,
    source: fc.constantFrom<ImageSource>("Self", "Others", "System", "Marketplace"),
    other: fc.constantFrom(OTHER, TRUSTED),
    tags,
    platform: fc.option(fc.constantFrom("CentOS", "prod", "Windows"), { nil: undefined }),
  })
  .map((r): Image => ({
    id: r.id,
    regionId: r.regionId,
    source: r.source,
    ownerId: r.source === "Self" ? ACCOUNT : r.source === "Others" ? r.other : "",
    tags: r.source === "Self" || r.source === "Others" ? r.tags : {},
    ...(r.platform === undefined ? {} : { platform: r.platform }),
  }));

interface Concrete {
  readonly action: string;
  readonly question: BypassQuestion;
  readonly params: Record<string, string>;
  readonly resources: { readonly kind: string; readonly id: string; readonly facts: ResourceFacts }[];
  readonly image?: Image;
  readonly globals: Record<string, string>;
  /** Whether the request answers its question. */
  readonly answers: boolean;
}

function tagParams(prefix: string, pairs: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  Object.entries(pairs).forEach(([key, value], i) => {
    params[`${prefix}.${i + 1}.Key`] = key;
    params[`${prefix}.${i + 1}.Value`] = value;
  });
  return params;
}

const launch = fc
  .record({
    action: fc.constantFrom("ecs:RunInstances", "ecs:CreateInstance", "ecs:ReplaceSystemDisk"),
    image,
    instanceType: fc.constantFrom("ecs.g7.large", "prod", "ecs.t6"),
    securityGroup: fc.option(fc.constantFrom("sg-a1", "sg-b"), { nil: undefined }),
    keyPair: fc.option(fc.constantFrom("kp-1", "m-a1"), { nil: undefined }),
    requestTags: fc.dictionary(tagKey, tagValue, { maxKeys: 2 }),
    globals,
  })
  .map((r): Concrete => {
    const replace = r.action === "ecs:ReplaceSystemDisk";
    const params: Record<string, string> = {
      ImageId: r.image.id,
      ...(replace ? { InstanceId: "i-a1" } : { RegionId: r.image.regionId, InstanceType: r.instanceType }),
      ...(r.keyPair === undefined ? {} : { KeyPairName: r.keyPair }),
      ...(r.securityGroup === undefined || replace ? {} : { SecurityGroupId: r.securityGroup }),
      ...(replace ? {} : tagParams("Tag", r.requestTags)),
    };
    return {
      action: r.action,
      question: "launch-non-golden",
      params,
      resources: replace
        ? [
            {
              kind: "instance",
              id: "i-a1",
              facts: { regionId: r.image.regionId, ownerId: ACCOUNT, tags: {}, instanceType: r.instanceType },
            },
          ]
        : [],
      image: r.image,
      globals: r.globals,
      answers: goldenFailures(CRITERIA, r.image).length > 0,
    };
  });

const tagging = fc
  .record({
    action: fc.constantFrom(
      "ecs:TagResources",
      "ecs:UntagResources",
      "ecs:AddTags",
      "ecs:RemoveTags",
      "tag:TagResources",
      "tag:UntagResources",
    ),
    id: imageId,
    regionId: region,
    current: tags,
    change: fc.dictionary(tagKey, tagValue, { minKeys: 1, maxKeys: 2 }),
    globals,
  })
  .map((r): Concrete => {
    const arn = `acs:ecs:${r.regionId}:${ACCOUNT}:image/${r.id}`;
    const keys = Object.keys(r.change);
    const keyParams = (name: string) => Object.fromEntries(keys.map((key, i) => [`${name}.${i + 1}`, key]));
    const byAction: Record<string, Record<string, string>> = {
      "ecs:TagResources": { ResourceType: "image", "ResourceId.1": r.id, ...tagParams("Tag", r.change) },
      "ecs:UntagResources": { ResourceType: "image", "ResourceId.1": r.id, ...keyParams("TagKey") },
      "ecs:AddTags": { ResourceType: "image", ResourceId: r.id, ...tagParams("Tag", r.change) },
      "ecs:RemoveTags": { ResourceType: "image", ResourceId: r.id, ...tagParams("Tag", r.change) },
      "tag:TagResources": { "ResourceARN.1": arn, Tags: JSON.stringify(r.change) },
      "tag:UntagResources": { "ResourceARN.1": arn, ...keyParams("TagKey") },
    };
    return {
      action: r.action,
      question: "tag-protected",
      params: { RegionId: r.regionId, ...byAction[r.action] },
      resources: [],
      image: { id: r.id, regionId: r.regionId, ownerId: ACCOUNT, source: "Self", tags: r.current },
      globals: r.globals,
      answers: keys.some((key) => PROTECTED.includes(key)),
    };
  });

const creating = fc
  .record({
    action: fc.constantFrom("ecs:CreateImage", "ecs:CopyImage", "ecs:ImportImage"),
    regionId: region,
    from: fc.constantFrom("instance", "snapshot", "mappings"),
    source: image,
    destination: fc.option(region, { nil: undefined }),
    sourceTags: tags,
    requestTags: fc.dictionary(tagKey, tagValue, { minKeys: 1, maxKeys: 2 }),
    globals,
  })
  .map((r): Concrete => {
    const params: Record<string, string> = { RegionId: r.regionId, ...tagParams("Tag", r.requestTags) };
    const resources: Concrete["resources"] = [];
    let copied: Image | undefined;
    if (r.action === "ecs:CreateImage") {
      if (r.from === "instance") params["InstanceId"] = "i-a1";
      if (r.from === "snapshot") params["SnapshotId"] = "s-a1";
      if (r.from === "mappings") params["DiskDeviceMapping.1.SnapshotId"] = "s-a1";
      if (r.from !== "mappings") {
        resources.push({
          kind: r.from,
          id: r.from === "instance" ? "i-a1" : "s-a1",
          facts: { regionId: r.regionId, ownerId: ACCOUNT, tags: r.sourceTags },
        });
      }
    } else if (r.action === "ecs:CopyImage") {
      const source: Image = {
        ...r.source,
        regionId: r.regionId,
        source: r.source.ownerId === ACCOUNT || r.source.ownerId === "" ? "Self" : "Others",
        ownerId: r.source.ownerId === "" ? ACCOUNT : r.source.ownerId,
      };
      copied = source;
      params["ImageId"] = source.id;
      if (r.destination !== undefined) params["DestinationRegionId"] = r.destination;
    }
    return {
      action: r.action,
      question: "create-tagged",
      params,
      resources,
      ...(copied === undefined ? {} : { image: copied }),
      globals: r.globals,
      answers: Object.keys(r.requestTags).some((key) => PROTECTED.includes(key)),
    };
  });

function lookupOf(request: Concrete): ResourceLookup {
  const image = request.image;
  return {
    resource(ref) {
      if (ref.by === "arn") {
        return image !== undefined &&
          ref.arn === `acs:ecs:${image.regionId}:${image.ownerId}:image/${image.id}`
          ? { regionId: image.regionId, ownerId: image.ownerId, tags: image.tags }
          : undefined;
      }
      if (ref.type === "image" && image !== undefined && ref.id === image.id) {
        return { regionId: image.regionId, ownerId: image.ownerId, tags: image.tags };
      }
      return request.resources.find((r) => r.kind === ref.type && r.id === ref.id)?.facts;
    },
    image(ref) {
      if (image === undefined || ref.imageId !== image.id) return undefined;
      return {
        imageId: image.id,
        regionId: image.regionId,
        ownerId: image.ownerId,
        source: image.source,
        tags: image.tags,
        ...(image.platform === undefined ? {} : { platform: image.platform }),
      };
    },
    rdPath: () => undefined,
  };
}

/** The engine's verdict on a concrete request, as the local cloud reaches it. */
function allowed(org: OrgModel, request: Concrete): boolean {
  const principal = org.principals[0];
  const entry = findAction(request.action);
  if (principal === undefined || entry === undefined) throw new Error("fixture");
  const checks = deriveChecks(
    entry,
    { params: request.params, accountId: ACCOUNT, regionId: "cn-hangzhou" },
    lookupOf(request),
  );
  const chain = compileChain(principal.chain);
  const global = {
    ...request.globals,
    ...(GLOBAL_CONTEXT_KEYS.some((key) => key === "acs:PrincipalARN")
      ? { "acs:PrincipalARN": principalArnOf(principal.info) }
      : {}),
    "acs:MFAPresent": "false",
    "acs:AccessId": "LTAI5tTest",
  };
  return (
    checks.length > 0 &&
    checks.every(
      (check) =>
        authorize(chain, { ...check, context: makeContext({ ...check.context, ...global }) }).result ===
        "Allow",
    )
  );
}

// Raise IMAGEGUARD_ANALYZE_RUNS (and change IMAGEGUARD_ANALYZE_SEED) for a longer hunt. The default
// keeps the suite quick and still catches a dropped class of each dimension (tried by removing, one
// at a time, absent resource tags, optional resources, `Others` owners, other tag keys, date points).
describe("bypass analysis soundness", () => {
  it(
    "reports every (principal, action, question) for which the engine allows an answering request",
    { timeout: 180_000 },
    () => {
      let answered = 0;
      fc.assert(
        fc.property(
          world,
          fc.array(fc.oneof(launch, tagging, creating), { minLength: 4, maxLength: 12 }),
          (w, requests) => {
            const org = orgOf(w);
            const bypasses = requests.filter((request) => request.answers && allowed(org, request));
            if (bypasses.length === 0) return;
            answered += bypasses.length;
            const actions = [...new Set(bypasses.map((request) => request.action))];
            const report = analyzeBypasses(org, CRITERIA, { actions });
            expect(report.complete).toBe(true);
            // Nor any false one: every counterexample replays as allowed and answers its question.
            for (const finding of report.findings)
              expect(replayProblem(org, CRITERIA, finding)).toBeUndefined();
            for (const request of bypasses) {
              const found = report.findings.some(
                (f) => f.action === request.action && f.question === request.question,
              );
              if (!found) {
                throw new Error(
                  `missed ${request.question} ${request.action}: ${JSON.stringify({ params: request.params, image: request.image, resources: request.resources, globals: request.globals })}`,
                );
              }
            }
          },
        ),
        {
          numRuns: Number(process.env["IMAGEGUARD_ANALYZE_RUNS"] ?? 400),
          seed: Number(process.env["IMAGEGUARD_ANALYZE_SEED"] ?? 20260601),
        },
      );
      // The property must have met real bypasses to mean anything.
      expect(answered).toBeGreaterThan(50);
    },
  );
});
