// The pure helpers behind the Images, Launch and Instances pages: golden-tag judgement, the
// DescribeImages/DescribeInstances parameters, the compliance badge (with the scan's words) and
// the "switch to a golden image" pick.
import { describe, expect, it } from "vitest";
import { VERDICT_INFO } from "../../../src/guardrail/index.js";
import {
  ageInDays,
  BRIEF_GOLDEN_TAGS,
  describeGap,
  describeImagesParams,
  goldenFilter,
  goldenGaps,
  isGolden,
  parseRequiredTags,
  readImagesPage,
  type ImageRow,
} from "../../../src/console/web/pages/images/index.js";
import {
  describeInstancesParams,
  judgeImage,
  readInstancesPage,
  VERDICT_LABELS,
} from "../../../src/console/web/pages/instances/index.js";
import { pickGoldenReplacement } from "../../../src/console/web/pages/launch/index.js";

const GOLDEN = { status: "approved", "security-level": "trusted", environment: "production" };

function image(fields: Partial<ImageRow>): ImageRow {
  return {
    imageId: "m-1",
    imageName: "",
    ownerAlias: "self",
    ownerId: "100",
    status: "Available",
    creationTime: "2024-01-01T00:00:00Z",
    osName: "",
    osType: "linux",
    platform: "Ubuntu",
    architecture: "x86_64",
    imageFamily: "",
    description: "",
    tags: {},
    ...fields,
  };
}

describe("golden tags", () => {
  it("calls an image golden only with every required tag at an allowed value, case-sensitively", () => {
    expect(isGolden(GOLDEN, BRIEF_GOLDEN_TAGS)).toBe(true);
    expect(isGolden({ ...GOLDEN, environment: "staging" }, BRIEF_GOLDEN_TAGS)).toBe(false);
    expect(isGolden({ ...GOLDEN, environment: "Production" }, BRIEF_GOLDEN_TAGS)).toBe(false);
    expect(isGolden(GOLDEN, [])).toBe(false);
  });

  it("names each gap: absent, or another value", () => {
    const gaps = goldenGaps({ status: "approved", environment: "staging" }, BRIEF_GOLDEN_TAGS);
    expect(gaps.map(describeGap)).toEqual([
      "lacks tag security-level=trusted",
      "has environment=staging, not production",
    ]);
  });

  it("filters on one value per key, on the key alone when several values are allowed", () => {
    expect(
      goldenFilter([
        { key: "env", values: ["prod"] },
        { key: "tier", values: ["a", "b"] },
      ]),
    ).toEqual([{ key: "env", value: "prod" }, { key: "tier" }]);
  });

  it("reads the setting's text form and refuses malformed items with the item named", () => {
    expect(parseRequiredTags("status=approved, tier=a|b")).toEqual({
      ok: true,
      tags: [
        { key: "status", values: ["approved"] },
        { key: "tier", values: ["a", "b"] },
      ],
    });
    expect(parseRequiredTags("status")).toEqual({
      ok: false,
      message: "`status` is not key=value (several values as key=a|b)",
    });
    expect(parseRequiredTags("a=1,a=2")).toMatchObject({ ok: false });
    expect(parseRequiredTags(" , ")).toMatchObject({ ok: false });
  });
});

describe("DescribeImages and DescribeInstances parameters", () => {
  it("flattens tag filters to Tag.N.Key/Value, a key-only filter without a value", () => {
    expect(
      describeImagesParams({
        regionId: "cn-hangzhou",
        ownerAlias: "others",
        tags: [{ key: "status", value: "approved" }, { key: "environment" }],
        pageNumber: 2,
        pageSize: 20,
      }),
    ).toEqual({
      RegionId: "cn-hangzhou",
      ImageOwnerAlias: "others",
      "Tag.1.Key": "status",
      "Tag.1.Value": "approved",
      "Tag.2.Key": "environment",
      PageNumber: "2",
      PageSize: "20",
    });
    expect(
      describeInstancesParams({ regionId: "cn-hangzhou", instanceIds: ["i-1", "i-2"], status: "Stopped" }),
    ).toEqual({
      RegionId: "cn-hangzhou",
      Status: "Stopped",
      InstanceIds: '["i-1","i-2"]',
    });
  });

  it("reads the cloud's bodies, tolerating absent fields", () => {
    const page = readImagesPage({
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      Images: {
        Image: [
          {
            ImageId: "m-9",
            ImageOwnerAlias: "others",
            ImageOwnerId: 1234567890123,
            Tags: { Tag: [{ TagKey: "status", TagValue: "approved" }] },
          },
        ],
      },
    });
    expect(page.totalCount).toBe(1);
    expect(page.images[0]).toMatchObject({
      imageId: "m-9",
      ownerId: "1234567890123",
      tags: { status: "approved" },
    });
    expect(readImagesPage({}).images).toEqual([]);
    const instances = readInstancesPage({
      TotalCount: 1,
      Instances: {
        Instance: [{ InstanceId: "i-1", VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.0.3"] } } }],
      },
    });
    expect(instances.instances[0]).toMatchObject({ instanceId: "i-1", privateIp: "10.0.0.3", status: "" });
  });

  it("counts an image's age in whole days", () => {
    expect(ageInDays("2024-01-01T00:00:00Z", new Date("2024-01-03T12:00:00Z"))).toBe(2);
    expect(ageInDays("", new Date())).toBeUndefined();
  });
});

describe("compliance badge", () => {
  it("uses the scan's labels for the verdicts it judges", () => {
    for (const [verdict, label] of Object.entries(VERDICT_LABELS)) {
      expect(label).toBe(VERDICT_INFO[verdict as keyof typeof VERDICT_INFO].label);
    }
  });

  it("judges deleted, missing tags, untrusted owner and source, in the scan's precedence", () => {
    const criteria = { requiredTags: BRIEF_GOLDEN_TAGS };
    expect(judgeImage(undefined, criteria).verdict).toBe("image-deleted");
    expect(judgeImage("unknown", criteria).verdict).toBe("unknown");
    expect(judgeImage(image({ tags: GOLDEN }), criteria)).toEqual({
      verdict: "compliant",
      label: "compliant",
      reasons: [],
    });
    const untagged = judgeImage(image({ tags: { status: "approved" } }), criteria);
    expect(untagged.verdict).toBe("missing-tag");
    expect(untagged.reasons).toEqual([
      "the image lacks tag security-level=trusted",
      "the image lacks tag environment=production",
    ]);
    const strict = { requiredTags: BRIEF_GOLDEN_TAGS, trustedOwners: ["200"], allowedSources: ["Others"] };
    expect(judgeImage(image({ tags: GOLDEN, ownerAlias: "others", ownerId: "200" }), strict).verdict).toBe(
      "compliant",
    );
    expect(judgeImage(image({ tags: GOLDEN, ownerId: "100" }), strict).verdict).toBe("untrusted-owner");
    expect(
      judgeImage(image({ tags: GOLDEN, ownerAlias: "system", ownerId: "" }), {
        requiredTags: BRIEF_GOLDEN_TAGS,
        trustedOwners: ["200"],
        allowedSources: ["System"],
      }).verdict,
    ).toBe("compliant");
  });
});

describe("switch to a golden image", () => {
  const ubuntuOld = image({ imageId: "m-u1", platform: "Ubuntu", creationTime: "2024-01-01T00:00:00Z" });
  const ubuntuNew = image({ imageId: "m-u2", platform: "Ubuntu", creationTime: "2024-06-01T00:00:00Z" });
  const ubuntuDeprecated = image({
    imageId: "m-u3",
    platform: "Ubuntu",
    status: "Deprecated",
    creationTime: "2024-09-01T00:00:00Z",
  });
  const alinux = image({ imageId: "m-a1", platform: "Aliyun", creationTime: "2024-08-01T00:00:00Z" });
  const windows = image({ imageId: "m-w1", platform: "Windows Server 2022", osType: "windows" });

  it("picks the newest available golden image of the same platform", () => {
    const refused = image({ imageId: "m-x", platform: "Ubuntu" });
    expect(
      pickGoldenReplacement(refused, [ubuntuOld, alinux, ubuntuDeprecated, ubuntuNew])?.image.imageId,
    ).toBe("m-u2");
  });

  it("falls back to the same OS type, never to another OS or architecture", () => {
    const debian = image({ imageId: "m-d", platform: "Debian" });
    expect(pickGoldenReplacement(debian, [windows, alinux])?.image.imageId).toBe("m-a1");
    expect(pickGoldenReplacement(debian, [windows])).toBeUndefined();
    const arm = image({ imageId: "m-arm", platform: "Ubuntu", architecture: "arm64" });
    expect(pickGoldenReplacement(arm, [ubuntuNew])).toBeUndefined();
  });

  it("takes the newest golden image when nothing is known of the refused one", () => {
    expect(pickGoldenReplacement(undefined, [ubuntuOld, alinux])?.image.imageId).toBe("m-a1");
  });
});

describe("replacement for an instance already on a golden image", () => {
  it("keeps the same image when asked to", () => {
    const current = image({ imageId: "m-g", platform: "Ubuntu", tags: GOLDEN });
    expect(pickGoldenReplacement(current, [current])).toBeUndefined();
    expect(pickGoldenReplacement(current, [current], { keepSame: true })?.image.imageId).toBe("m-g");
  });
});
