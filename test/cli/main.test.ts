import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { POLICIES, REPO, runCli } from "./run-cli.js";

describe("imageguard (main)", () => {
  it("prints help and exits 0 for --help", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Usage: imageguard");
    expect(run.out).toMatch(/policy\s+validate, lint, simulate and analyze/);
    expect(run.out).toContain("catalog [action]");
  });

  it("prints a group's help for `policy --help`", async () => {
    const run = await runCli(["policy", "--help"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/validate \[options\] <files\.\.\.>/);
    expect(run.out).toContain("simulate");
  });

  it("answers an unknown command with the error and the help, exit 1", async () => {
    const run = await runCli(["frobnicate"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("unknown command 'frobnicate'");
    expect(run.err).toContain("Usage: imageguard");
  });

  it("exits 1 with help when no command is given", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("Usage: imageguard");
  });

  it("exits 1 on a bad option value", async () => {
    const run = await runCli(["policy", "validate", "--kind", "iam", `${POLICIES}/seed-ram-policy.json`]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("Allowed choices are ram, control, session, trust");
  });

  // The one test that runs the real executable: bin/imageguard.js must start through tsx and turn
  // main's return value into the process exit code.
  it("runs as a real process through bin/imageguard.js", () => {
    const run = (file: string) =>
      spawnSync(process.execPath, ["bin/imageguard.js", "policy", "validate", `${POLICIES}/${file}`], {
        cwd: REPO,
        encoding: "utf8",
      });
    const valid = run("seed-ram-policy.json");
    expect(valid.status).toBe(0);
    expect(valid.stdout).toContain("valid ram policy");
    const invalid = run("not-resource.json");
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toContain("error[not-resource]");
  });
});
