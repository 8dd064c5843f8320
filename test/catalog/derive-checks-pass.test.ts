// A lookup answered between passes (the local cloud's store) derives checks with deriveChecksPass:
// a pass stops once a question has no answer yet, before any work that depends on it, and with every
// answer known it is deriveChecks. These tests replay the passes the way resource-facts.ts does.
import { describe, expect, it } from "vitest";
import { deriveChecks, deriveChecksPass, findAction } from "../../src/catalog/index.js";
import type {
  CatalogEntry,
  DeriveInput,
  ImageFacts,
  ResourceFacts,
  ResourceLookup,
} from "../../src/catalog/index.js";
import { makeContext } from "../../src/policy/index.js";

const ME = "1234567890123456";

const golden: ImageFacts = {
  imageId: "m-golden",
  regionId: "cn-shanghai",
  ownerId: ME,
  source: "Self",
  platform: "CentOS",
  tags: { environment: "production" },
};
const web: ResourceFacts = {
  regionId: "cn-shanghai",
  ownerId: ME,
  tags: { team: "web" },
  instanceType: "ecs.g7.large",
};

/** Answers every question at once: the in-memory world the simulator would give. */
const world: ResourceLookup = {
  resource: (ref) =>
    ref.by === "id" && ref.id === "i-web" && (ref.regionId ?? web.regionId) === web.regionId
      ? web
      : undefined,
  image: (ref) => (ref.imageId === "m-golden" && ref.regionId === golden.regionId ? golden : undefined),
  rdPath: () => undefined,
};

/** Replays the passes: each returns what it asked that had no answer; the answers come from `world`. */
function inPasses(entry: CatalogEntry, input: DeriveInput) {
  const known = new Map<string, unknown>();
  const rounds: string[][] = [];
  for (;;) {
    const asked = new Map<string, () => unknown>();
    const ask = <T>(key: string, answer: () => T): T | undefined => {
      if (known.has(key)) return known.get(key) as T | undefined;
      asked.set(key, answer);
      return undefined;
    };
    const lookup: ResourceLookup = {
      resource: (ref) => ask(`resource ${JSON.stringify(ref)}`, () => world.resource(ref)),
      image: (ref) => ask(`image ${JSON.stringify(ref)}`, () => world.image(ref)),
      rdPath: (nodeId) => ask(`rdPath ${nodeId ?? ""}`, () => world.rdPath(nodeId)),
    };
    const checks = deriveChecksPass(entry, input, lookup, () => asked.size > 0);
    if (checks !== undefined) return { checks, rounds };
    rounds.push([...asked.keys()]);
    // A derivation that keeps asking fails here, at the pass that went wrong, not at the timeout.
    if (rounds.length > 10)
      throw new Error(`still asking after ${rounds.length} rounds: ${rounds.at(-1)?.join(", ")}`);
    for (const [key, answer] of asked) known.set(key, answer());
  }
}

function entry(ramAction: string): CatalogEntry {
  const found = findAction(ramAction);
  if (found === undefined) throw new Error(`no entry ${ramAction}`);
  return found;
}

describe("deriving checks in passes", () => {
  it("RunInstances asks for its image once, and never for the image as a plain resource", () => {
    // Given a launch naming its image
    const input = {
      params: { RegionId: "cn-shanghai", ImageId: "m-golden", "Tag.1.Key": "owner", "Tag.1.Value": "alice" },
      accountId: ME,
      regionId: "cn-hangzhou",
    };
    // When it is derived in passes
    const { checks, rounds } = inPasses(entry("ecs:RunInstances"), input);
    // Then the first pass asked only for the image, and the checks are deriveChecks' own
    expect(rounds).toEqual([[`image ${JSON.stringify({ imageId: "m-golden", regionId: "cn-shanghai" })}`]]);
    expect(checks).toEqual(deriveChecks(entry("ecs:RunInstances"), input, world));
  });

  it("ReplaceSystemDisk learns the region, then the image in it, then the instance in it", () => {
    const input = {
      params: { InstanceId: "i-web", ImageId: "m-golden" },
      accountId: ME,
      regionId: "cn-hangzhou",
    };

    const { checks, rounds } = inPasses(entry("ecs:ReplaceSystemDisk"), input);

    // (the region is the first named resource's that exists: every candidate is asked in one round)
    expect(rounds).toEqual([
      [
        `resource ${JSON.stringify({ by: "id", service: "ecs", type: "instance", id: "i-web" })}`,
        `resource ${JSON.stringify({ by: "id", service: "ecs", type: "image", id: "m-golden" })}`,
      ],
      [`image ${JSON.stringify({ imageId: "m-golden", regionId: "cn-shanghai" })}`],
      [
        `resource ${JSON.stringify({ by: "id", service: "ecs", type: "instance", id: "i-web", regionId: "cn-shanghai" })}`,
      ],
    ]);
    expect(checks).toEqual(deriveChecks(entry("ecs:ReplaceSystemDisk"), input, world));
    expect(checks[0]?.context["ecs:instancetype"]).toBe("ecs.g7.large");
  });

  it("a pass whose questions all have answers is deriveChecks, for checks of every kind", () => {
    const requests: [string, Record<string, string>][] = [
      ["ecs:StartInstance", { InstanceId: "i-web" }],
      ["ecs:DescribeInstances", { RegionId: "cn-shanghai", InstanceIds: '["i-web"]' }],
      ["ecs:TagResources", { RegionId: "cn-shanghai", ResourceType: "instance", "ResourceId.1": "i-web" }],
      [
        "ecs:UntagResources",
        { RegionId: "cn-shanghai", ResourceType: "instance", "ResourceId.1": "i-web", All: "true" },
      ],
      [
        "ecs:CreateImage",
        { RegionId: "cn-shanghai", InstanceId: "i-web", "Tag.1.Key": "k", "Tag.1.Value": "v" },
      ],
    ];
    for (const [ramAction, params] of requests) {
      const input = { params, accountId: ME, regionId: "cn-hangzhou" };
      expect(inPasses(entry(ramAction), input).checks, ramAction).toEqual(
        deriveChecks(entry(ramAction), input, world),
      );
    }
  });
});

describe("a check's context", () => {
  it("is what makeContext makes of its keys, even for specs that spell one key twice", () => {
    // Given an entry whose specs name ecs:InstanceType in two spellings (makeContext merges them)
    const base = entry("ecs:RunInstances");
    const twice: CatalogEntry = {
      ...base,
      contextKeys: [
        { key: "ecs:InstanceType", source: "instance-type" },
        { key: "ECS:instancetype", source: { param: "InstanceName" } },
        { key: "acs:RequestTag/*", source: "request-tags" },
      ],
    };
    const params = {
      RegionId: "cn-shanghai",
      ImageId: "m-golden",
      InstanceType: "ecs.t6",
      InstanceName: "web",
      "Tag.1.Key": "k",
      "Tag.1.Value": "first",
      "Tag.2.Key": "k",
      "Tag.2.Value": "second",
    };
    // When its checks are derived
    const [check] = deriveChecks(twice, { params, accountId: ME, regionId: "cn-hangzhou" }, world);
    // Then the context is makeContext's, key order included (a tag set twice keeps its last value)
    const expected = makeContext({
      "ecs:InstanceType": "ecs.t6",
      "ECS:instancetype": "web",
      "acs:RequestTag/k": "second",
    });
    expect(check?.context).toEqual(expected);
    expect(Object.keys(check?.context ?? {})).toEqual(Object.keys(expected));
  });
});
