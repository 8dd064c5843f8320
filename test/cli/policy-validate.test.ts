import { describe, expect, it } from "vitest";
import { POLICIES, runCli } from "./run-cli.js";

describe("imageguard policy validate", () => {
  it("accepts the seed policy: exit 0 and its size against the limit", async () => {
    const run = await runCli(["policy", "validate", `${POLICIES}/seed-ram-policy.json`]);
    expect(run).toEqual({
      code: 0,
      out: "`test/fixtures/policies/seed-ram-policy.json`: valid ram policy, 348 of 6144 characters\n",
      err: "",
    });
  });

  it("prints each problem with its code, position, source line, caret and help", async () => {
    const run = await runCli(["policy", "validate", `${POLICIES}/not-resource.json`]);
    expect(run.code).toBe(1);
    expect(run.out).toBe(
      [
        "error[not-resource]: `NotResource` is not part of Alibaba Cloud RAM's policy grammar",
        " --> test/fixtures/policies/not-resource.json:7:7",
        "  |",
        '7 |       "NotResource": "acs:ecs:*:*:image/m-untrusted"',
        "  |       ^^^^^^^^^^^^^",
        "  = help: list the resources in `Resource`, or add a `Deny` statement for the resources to exclude",
        "",
        "`test/fixtures/policies/not-resource.json`: invalid ram policy (1 error)",
        "",
      ].join("\n"),
    );
  });

  it("checks every file and exits 1 when any is invalid", async () => {
    const run = await runCli([
      "policy",
      "validate",
      `${POLICIES}/seed-ram-policy.json`,
      `${POLICIES}/not-resource.json`,
    ]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("seed-ram-policy.json`: valid");
    expect(run.out).toContain("not-resource.json`: invalid");
  });

  it("validates against the kind given with --kind", async () => {
    const trust = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::1:root"] } }],
    });
    expect(
      (await runCli(["policy", "validate", "--kind", "trust", "trust.json"], { "trust.json": trust })).code,
    ).toBe(0);
    const asRam = await runCli(["policy", "validate", "trust.json"], { "trust.json": trust });
    expect(asRam.code).toBe(1);
    expect(asRam.out).toContain("error[principal-not-allowed]");
  });

  it("reports a file it cannot read as a problem", async () => {
    const run = await runCli(["policy", "validate", "missing.json"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("error[unreadable-file]: cannot read `missing.json`: no such file");
  });

  it("prints JSON with --json, before or after the command", async () => {
    for (const args of [
      ["--json", "policy", "validate", `${POLICIES}/lint-mistakes.json`],
      ["policy", "validate", `${POLICIES}/lint-mistakes.json`, "--json"],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toEqual({
        files: [
          {
            file: `${POLICIES}/lint-mistakes.json`,
            kind: "ram",
            valid: true,
            size: expect.any(Number),
            sizeLimit: 6144,
            problems: [expect.objectContaining({ code: "non-string-condition-value", line: 15, column: 34 })],
          },
        ],
      });
    }
  });
});
