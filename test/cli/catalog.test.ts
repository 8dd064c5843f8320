import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("imageguard catalog", () => {
  it("prints an action's entry: product, version, API action, checks, ARN templates, context keys", async () => {
    const run = await runCli(["catalog", "ecs:runinstances"]);
    expect(run.code).toBe(0);
    expect(run.out.split("\n")[0]).toBe("ecs:RunInstances");
    expect(run.out).toContain("product:      Ecs (API version 2014-05-26)");
    expect(run.out).toContain("API action:   RunInstances");
    expect(run.out).toContain("checks:       image-consuming: one check over all resources listed together");
    expect(run.out).toContain("    acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}\n");
    expect(run.out).toMatch(/acs:ResourceTag\/\*\s+tags of the resource/);
  });

  it("prints the entry as JSON", async () => {
    const run = await runCli(["catalog", "ecs:DescribeRegions", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      product: "Ecs",
      version: "2014-05-26",
      apiAction: "DescribeRegions",
      ramAction: "ecs:DescribeRegions",
      resources: [{ arn: "*" }],
    });
  });

  it("suggests the closest action for an unknown one, exit 1", async () => {
    const run = await runCli(["catalog", "ecs:RunInstance"]);
    expect(run).toEqual({
      code: 1,
      out: "",
      err: "error: action `ecs:RunInstance` is not in the catalog\n  = help: did you mean `ecs:RunInstances`?\n",
    });
  });

  it("lists every action without an argument", async () => {
    const run = await runCli(["catalog"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^ecs:RunInstances\s+image-consuming\s+/m);
    expect(run.out).toMatch(/^sts:AssumeRole\s+/m);
    const listed = JSON.parse((await runCli(["catalog", "--json"])).out) as {
      actions: { ramAction: string }[];
    };
    expect(listed.actions.length).toBe(run.out.trim().split("\n").length);
  });
});
