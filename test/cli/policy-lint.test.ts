import { describe, expect, it } from "vitest";
import { POLICIES, runCli } from "./run-cli.js";

describe("imageguard policy lint", () => {
  it("warns that the seed's control policy restricts nothing next to FullAliyunAccess, exit 0", async () => {
    const run = await runCli(["policy", "lint", "--kind", "control", `${POLICIES}/seed-control-policy.json`]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "warning[control-allow-restricts-nothing]: an `Allow` in a control policy restricts nothing while `FullAliyunAccess` stays attached\n" +
        " --> test/fixtures/policies/seed-control-policy.json:5:7\n",
    );
    expect(run.out).toContain("`test/fixtures/policies/seed-control-policy.json`: 1 warning\n");
  });

  it("stays quiet in allow-list mode (--no-full-aliyun-access)", async () => {
    const run = await runCli([
      "policy",
      "lint",
      "--kind",
      "control",
      "--no-full-aliyun-access",
      `${POLICIES}/seed-control-policy.json`,
    ]);
    expect(run).toMatchObject({
      code: 0,
      out: "`test/fixtures/policies/seed-control-policy.json`: no problems\n",
    });
  });

  it("merges validation warnings and lint warnings in reading order, each once", async () => {
    const run = await runCli(["policy", "lint", "--json", `${POLICIES}/lint-mistakes.json`]);
    expect(run.code).toBe(0);
    const [file] = (JSON.parse(run.out) as { files: { problems: { code: string; line: number }[] }[] }).files;
    expect(file?.problems.map((problem) => [problem.code, problem.line])).toEqual([
      ["unknown-action", 7],
      ["resource-matches-no-action", 8],
      ["condition-key-not-carried", 12],
      ["non-string-condition-value", 15],
    ]);
  });

  it("exits 1 when a file has errors, and lints the valid ones", async () => {
    const run = await runCli([
      "policy",
      "lint",
      `${POLICIES}/not-resource.json`,
      `${POLICIES}/lint-mistakes.json`,
    ]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("error[not-resource]");
    expect(run.out).toContain("help: did you mean `ecs:RunInstances`?");
  });
});
