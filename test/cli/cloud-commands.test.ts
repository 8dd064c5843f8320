// What every command that talks to a cloud shares (src/cli/cloud-connection.ts, spec-file.ts,
// options.ts): one rendering of a connection failure, one reading of the spec, option values read
// under the keys commander gives them. Nothing here reaches a cloud: each case fails before.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "./run-cli.js";

const SPEC = "examples/imageguard.yaml";
const MISSING_CONFIG = ["--config", "test/fixtures/no-such-credentials.json", "--profile", "x"];

describe("commands that connect to a cloud", () => {
  it("Given a credentials file that does not exist, every one of them says so the same way, with the fix: exit 1", async () => {
    const runs = await Promise.all([
      runCli(["scan", "--spec", SPEC, ...MISSING_CONFIG]),
      runCli(["remediate", "--spec", SPEC, ...MISSING_CONFIG]),
      runCli(["guardrail", "plan", SPEC, ...MISSING_CONFIG]),
      runCli(["guardrail", "apply", SPEC, ...MISSING_CONFIG]),
      runCli(["guardrail", "status", SPEC, ...MISSING_CONFIG]),
      runCli(["policy", "analyze", "--require-tag", "environment=production", ...MISSING_CONFIG]),
      runCli([
        "whatif",
        "--policy",
        "test/fixtures/policies/seed-control-policy.json",
        "--attach-to",
        "Root",
        ...MISSING_CONFIG,
      ]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.out).toBe("");
      expect(run.err).toBe(
        `error: the config file \`test/fixtures/no-such-credentials.json\` does not exist (${resolve(REPO, "test/fixtures/no-such-credentials.json")})\n` +
          "  = help: pass the path of an aliyun CLI config file (~/.aliyun/config.json) or of a local cloud's credentials.json\n",
      );
    }
  });

  it("Given an invalid spec and --json, scan and remediate say why on standard output, as guardrail plan does", async () => {
    const files = { "broken.yaml": "version: 1\nscopes: nope\n" };
    for (const args of [
      ["scan", "--spec", "broken.yaml"],
      ["remediate", "--spec", "broken.yaml"],
      ["guardrail", "plan", "broken.yaml"],
    ]) {
      const run = await runCli(["--json", ...args], files);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.out) as { file: string; ok: boolean; problems: unknown[] };
      expect(report.file).toBe("broken.yaml");
      expect(report.ok).toBe(false);
      expect(report.problems.length).toBeGreaterThan(0);
    }
  });

  it("reads multi-word options under commander's keys: --wait-timeout and --approve-image are checked, not ignored", async () => {
    const wait = await runCli(["remediate", "--spec", SPEC, "--wait-timeout", "0"]);
    expect(wait.code).toBe(1);
    expect(wait.err).toBe(
      "error: invalid `--wait-timeout 0`\n  = help: give a number of seconds from 1 to 86400\n",
    );
    const approve = await runCli([
      "remediate",
      "--spec",
      SPEC,
      "--plan",
      "plan.json",
      "--approve-image",
      "m-golden",
    ]);
    expect(approve.code).toBe(1);
    expect(approve.err).toContain("error: `--plan` cannot be combined with `--approve-image`");
  });

  it("checks --concurrency and --now against the command's own range, before reading anything", async () => {
    const scan = await runCli(["scan", "--spec", SPEC, "--concurrency", "65"]);
    expect(scan.err).toBe("error: invalid `--concurrency 65`\n  = help: give a whole number from 1 to 64\n");
    const remediate = await runCli(["remediate", "--spec", SPEC, "--concurrency", "17"]);
    expect(remediate.err).toBe(
      "error: invalid `--concurrency 17`\n  = help: give a whole number from 1 to 16\n",
    );
    const analyze = await runCli(["policy", "analyze", "--require-tag", "a=b", "--concurrency", "x"]);
    expect(analyze.err).toBe(
      "error: invalid `--concurrency x`\n  = help: give a whole number from 1 to 64\n",
    );
    const status = await runCli(["guardrail", "status", SPEC, "--now", "soon"]);
    expect(status.err).toBe(
      "error: invalid `--now soon`\n  = help: write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`\n",
    );
    for (const run of [scan, remediate, analyze, status]) expect(run.code).toBe(1);
  });
});

describe("imageguard policy analyze, a root identity's bypass", () => {
  it("says what allows the root identity instead of an empty `allowed by:`", async () => {
    const org = [
      "name: one account",
      "principals:",
      "  - type: RootAccount",
      '    accountId: "1111111111111111"',
      "",
    ].join("\n");
    const run = await runCli(
      [
        "policy",
        "analyze",
        "--scenario",
        "root.yaml",
        "--require-tag",
        "environment=production",
        "--action",
        "ecs:RunInstances",
      ],
      { "root.yaml": org },
    );
    expect(run.code).toBe(2);
    expect(run.out).toContain(
      [
        "    allowed by:",
        "      - the account root identity: no RAM policy applies to it, and it is allowed everything no control policy denies",
      ].join("\n"),
    );
  });
});
