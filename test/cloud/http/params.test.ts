// The typed parameter reader: what a handler gets for each way the SDKs send a parameter, and the
// Alibaba error it raises for each way a caller gets one wrong.
import { describe, expect, it } from "vitest";
import { CloudError, readParams } from "../../../src/cloud/http/index.js";

function codeOf(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    if (err instanceof CloudError) return `${err.httpStatus} ${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error("expected a CloudError");
}

describe("scalars", () => {
  const params = readParams({
    RegionId: "cn-hangzhou",
    Empty: "",
    PageSize: "50",
    DryRun: "TRUE",
    Bad: "1.5",
  });

  it("reads required and optional strings", () => {
    expect(params.str("RegionId")).toBe("cn-hangzhou");
    expect(params.optStr("Missing")).toBeUndefined();
    expect(params.optStr("Empty")).toBe("");
    expect(codeOf(() => params.str("Empty"))).toBe(
      '400 MissingParameter: The input parameter "Empty" that is mandatory for processing this request is not supplied.',
    );
    expect(codeOf(() => params.str("ImageId"))).toMatch(/^400 MissingParameter: .*"ImageId"/);
  });

  it("reads integers within bounds", () => {
    expect(params.int("PageSize", { min: 1, max: 100 })).toBe(50);
    expect(params.optInt("Missing")).toBeUndefined();
    expect(codeOf(() => params.int("PageSize", { max: 10 }))).toBe(
      '400 InvalidParameter: The specified parameter "PageSize" is not valid. It must be at most 10.',
    );
    expect(codeOf(() => params.int("PageSize", { min: 60, max: 70 }))).toContain("between 60 and 70");
    expect(codeOf(() => params.int("Bad"))).toContain("It must be an integer.");
    expect(codeOf(() => readParams({ N: "99999999999999999" }).int("N"))).toContain("InvalidParameter");
    expect(codeOf(() => params.int("Missing"))).toContain("MissingParameter");
  });

  it("reads booleans as the SDKs send them", () => {
    expect(params.bool("DryRun")).toBe(true);
    expect(readParams({ DryRun: "false" }).optBool("DryRun")).toBe(false);
    expect(params.optBool("Missing")).toBeUndefined();
    expect(codeOf(() => readParams({ DryRun: "yes" }).bool("DryRun"))).toContain("It must be true or false.");
  });

  it("does not mistake inherited object properties for parameters", () => {
    expect(readParams({}).optStr("constructor")).toBeUndefined();
    expect(readParams({}).has("toString")).toBe(false);
  });
});

describe("lists", () => {
  it("reads Name.N in index order, gaps allowed (the SDKs skip null items but keep their index)", () => {
    const params = readParams({
      "SecurityGroupIds.3": "sg-c",
      "SecurityGroupIds.1": "sg-a",
      "SecurityGroupIds.10": "sg-j",
    });
    expect(params.list("SecurityGroupIds")).toEqual(["sg-a", "sg-c", "sg-j"]);
  });

  it("reads the JSON-array form some APIs take (DescribeInstances InstanceIds)", () => {
    expect(readParams({ InstanceIds: '["i-1","i-2"]' }).list("InstanceIds")).toEqual(["i-1", "i-2"]);
  });

  it("is empty when absent and ignores structured siblings", () => {
    expect(readParams({ "DataDisk.1.Size": "40" }).list("DataDisk")).toEqual([]);
    expect(readParams({}).list("SecurityGroupIds")).toEqual([]);
  });

  it.each([
    [{ "Ids.0": "a" }, "The index must be a positive integer."],
    [{ "Ids.01": "a" }, "The index must be a positive integer."],
    [{ "Ids.1234567": "a" }, "The index must be a positive integer."],
    [{ Ids: "[1,", "Ids.1": "a" }, "Send either Ids or Ids.N, not both."],
    [{ Ids: "not json" }, "It must be valid JSON."],
    [{ Ids: '{"a":1}' }, "It must be a JSON array."],
    [{ Ids: "[{}]" }, "Its items must be strings."],
  ])("refuses %j", (raw, reason) => {
    expect(codeOf(() => readParams(raw).list("Ids"))).toContain(reason);
  });

  it("enforces a maximum count", () => {
    expect(codeOf(() => readParams({ "Ids.1": "a", "Ids.2": "b" }).list("Ids", { max: 1 }))).toContain(
      "at most 1 items",
    );
  });
});

describe("tags", () => {
  it("reads Tag.N.Key / Tag.N.Value in index order; a missing value is empty", () => {
    const params = readParams({
      "Tag.2.Key": "owner",
      "Tag.1.Key": "environment",
      "Tag.1.Value": "production",
      RegionId: "cn-hangzhou",
    });
    expect(params.tags()).toEqual([
      { Key: "environment", Value: "production" },
      { Key: "owner", Value: "" },
    ]);
  });

  it("reads the Tag service's JSON forms", () => {
    expect(readParams({ Tags: '{"environment":"production"}' }).tags("Tags")).toEqual([
      { Key: "environment", Value: "production" },
    ]);
    expect(readParams({ Tags: '[{"Key":"a","Value":"b"}]' }).tags("Tags")).toEqual([
      { Key: "a", Value: "b" },
    ]);
  });

  it.each([
    [
      { "Tag.1.Value": "orphan" },
      "400 InvalidTag.Mismatch: The specified Tag.n.Key and Tag.n.Value are not match.",
    ],
    [{ "Tag.21.Key": "k" }, "400 InvalidTagCount: The specified tags are beyond the permitted range."],
    [{ "Tag.1.Key": "" }, "400 InvalidTagKey.Malformed: The specified Tag.1.Key is not valid."],
    [{ "Tag.1.Key": "acs:ecs:owner" }, "400 InvalidTagKey.Malformed"],
    [{ "Tag.1.Key": "aliyun-system" }, "400 InvalidTagKey.Malformed"],
    [{ "Tag.1.Key": "k".repeat(129) }, "400 InvalidTagKey.Malformed"],
    [{ "Tag.1.Key": "see https://x" }, "400 InvalidTagKey.Malformed"],
    [{ "Tag.1.Key": "k", "Tag.1.Value": "v".repeat(129) }, "400 InvalidTagValue.Malformed"],
    [{ "Tag.1.Key": "k", "Tag.1.Value": "acs:reserved" }, "400 InvalidTagValue.Malformed"],
    [{ "Tag.1.Key": "k", "Tag.2.Key": "k" }, "400 InvalidParameter.TagKey"],
    [{ Tag: "[1]" }, "400 InvalidParameter"],
    [{ Tag: '{"k":1}' }, "400 InvalidParameter"],
  ])("refuses %j", (raw, expected) => {
    expect(codeOf(() => readParams(raw).tags())).toContain(expected);
  });

  it("counts tags against the maximum", () => {
    const many = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`Tag.${i + 1}.Key`, `k${i}`]));
    expect(readParams(many).tags("Tag", { max: 3 })).toHaveLength(3);
    expect(codeOf(() => readParams(many).tags("Tag", { max: 2 }))).toContain("InvalidTagCount");
  });

  it("lets a filter name reserved keys when asked", () => {
    expect(readParams({ "Tag.1.Key": "acs:ecs:x" }).tags("Tag", { allowReserved: true })).toEqual([
      { Key: "acs:ecs:x", Value: "" },
    ]);
  });
});
