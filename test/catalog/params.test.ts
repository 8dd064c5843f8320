import { describe, expect, it } from "vitest";
import { bindingValues, readTags } from "../../src/catalog/index.js";

describe("reading flattened request parameters", () => {
  it("orders Name.N by N, not by arrival, and ignores other names", () => {
    const params = {
      "ResourceId.2": "b",
      "ResourceId.10": "c",
      "ResourceId.1": "a",
      "ResourceIdX.1": "no",
      "ResourceId.0": "no",
    };
    expect(bindingValues(params, { from: "param", param: "ResourceId", list: "repeated" })).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("reads JSON and comma lists, and names nothing for a malformed one", () => {
    expect(
      bindingValues({ InstanceIds: '["i-1", "i-2"]' }, { from: "param", param: "InstanceIds", list: "json" }),
    ).toEqual(["i-1", "i-2"]);
    expect(
      bindingValues({ InstanceIds: "[i-1" }, { from: "param", param: "InstanceIds", list: "json" }),
    ).toEqual([]);
    expect(
      bindingValues({ VpcId: "vpc-1, vpc-2,," }, { from: "param", param: "VpcId", list: "comma" }),
    ).toEqual(["vpc-1", "vpc-2"]);
    expect(bindingValues({ VpcId: "" }, { from: "param", param: "VpcId" })).toEqual([]);
  });

  it("reads a repeated or JSON list in either form, as the cloud accepts both", () => {
    const repeated = { from: "param", param: "SecurityGroupIds", list: "repeated" } as const;
    const json = { from: "param", param: "InstanceIds", list: "json" } as const;
    expect(bindingValues({ SecurityGroupIds: '["sg-1", "sg-2"]' }, repeated)).toEqual(["sg-1", "sg-2"]);
    expect(bindingValues({ "InstanceIds.2": "i-2", "InstanceIds.1": "i-1" }, json)).toEqual(["i-1", "i-2"]);
    // A number in the JSON array is an id to the cloud, written out
    expect(bindingValues({ InstanceIds: '["i-1", 7, null]' }, json)).toEqual(["i-1", "7"]);
  });

  it("lower-cases a role's name, as RAM writes it in the role's ARN", () => {
    expect(
      bindingValues({ RoleName: "PipelineRole" }, { from: "param", param: "RoleName", lowerCase: true }),
    ).toEqual(["pipelinerole"]);
    expect(bindingValues({ UserName: "Alice" }, { from: "param", param: "UserName" })).toEqual(["Alice"]);
  });

  it("pairs Tag.N.Key with Tag.N.Value, an absent value being empty and a keyless pair dropped", () => {
    const params = { "Tag.2.Key": "b", "Tag.1.Value": "1", "Tag.1.Key": "a", "Tag.3.Value": "orphan" };
    expect(readTags(params, { param: "Tag", format: "pairs" })).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "" },
    ]);
  });

  it("reads tag keys, RAM's JSON pairs and the Tag service's JSON map", () => {
    expect(
      readTags({ "TagKey.1": "x", "TagKey.2": "y" }, { param: "TagKey", format: "keys" }).map((t) => t.key),
    ).toEqual(["x", "y"]);
    expect(
      readTags(
        { Tag: '[{"Key":"k","Value":"v"},{"Value":"no key"}]' },
        { param: "Tag", format: "json-pairs" },
      ),
    ).toEqual([{ key: "k", value: "v" }]);
    expect(readTags({ Tags: '{"k":"v","n":1}' }, { param: "Tags", format: "json-map" })).toEqual([
      { key: "k", value: "v" },
      { key: "n", value: "1" },
    ]);
    expect(readTags({ Tags: "[]" }, { param: "Tags", format: "json-map" })).toEqual([]);
  });
});
