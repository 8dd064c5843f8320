import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";

const EXAMPLE = "examples/imageguard.yaml";
const validate = (...args: string[]) => runCli(["guardrail", "validate", ...args]);

describe("imageguard guardrail validate", () => {
  it("Given the example, reports it valid with a summary: exit 0", async () => {
    const run = await validate(EXAMPLE, "--now", "2026-05-01T00:00:00Z");
    expect(run.code).toBe(0);
    expect(run.err).toBe("");
    expect(run.out).toBe(
      [
        "`examples/imageguard.yaml`: valid guardrail spec",
        "  scopes: 2 enforce, 1 audit",
        "  golden: 3 required tags, 1 trusted owner, sources Self, Others",
        "  roles: 1 pipeline, 1 break-glass",
        "  exemptions: 3 active, 0 expired",
        "",
      ].join("\n"),
    );
  });

  it("Given a later date, flags the expired exemptions at their `expiresAt` but stays valid", async () => {
    const run = await validate(EXAMPLE, "--now", "2028-08-01T00:00:00Z");
    expect(run.code).toBe(0);
    expect(run.out).toContain("valid guardrail spec (2 warnings)");
    expect(run.out).toContain("exemptions: 1 active, 2 expired");
    expect(run.err).toContain(
      "warning[exemption-expired]: exemption `storefront-migration` expired at `2028-07-31T18:00:00+08:00` and is no longer honoured\n",
    );
    expect(run.err).toMatch(/--> examples\/imageguard\.yaml:\d+:16\n/);
  });

  it("Given mistakes, prints each with its line, a caret and the fix: exit 1", async () => {
    const spec = `version: 1
golden:
  requiredTags:
    status: [approved]
  trustedOwners: [1200000000000001]
scopes:
  - id: fd-prod
    mode: enforced
`;
    const run = await runCli(["guardrail", "validate", "spec.yaml"], { "spec.yaml": spec });
    expect(run.code).toBe(1);
    expect(run.out).toBe("`spec.yaml`: invalid guardrail spec (2 errors)\n");
    expect(run.err).toContain(
      [
        "error[unquoted-account-id]: account id `1200000000000001` at `golden.trustedOwners[0]` is written as a number",
        " --> spec.yaml:5:19",
        "  |",
        "5 |   trustedOwners: [1200000000000001]",
        "  |                   ^^^^^^^^^^^^^^^^",
      ].join("\n"),
    );
    expect(run.err).toContain("error[invalid-choice]: `scopes[0].mode` cannot be `enforced`\n");
    expect(run.err).toContain("= help: write one of `audit`, `enforce`\n");
  });

  it("Given no file argument, reads ./imageguard.yaml, and reports a missing one as a problem", async () => {
    const run = await validate();
    expect(run.code).toBe(1);
    expect(run.err).toContain("error[unreadable-file]: cannot read `imageguard.yaml`: no such file");
  });

  it("prints JSON with --json", async () => {
    const run = await runCli(["--json", "guardrail", "validate", EXAMPLE, "--now", "2026-05-01T00:00:00Z"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.out) as Record<string, unknown>;
    expect(data).toEqual({
      file: EXAMPLE,
      valid: true,
      summary: {
        scopes: { enforce: 2, audit: 1 },
        requiredTags: 3,
        trustedOwners: 1,
        allowedSources: ["Self", "Others"],
        pipelineRoles: 1,
        breakGlassRoles: 1,
        exemptions: { active: 3, expired: 0 },
      },
      problems: [],
    });
  });

  it("refuses an unreadable --now", async () => {
    const run = await validate(EXAMPLE, "--now", "soon");
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "error: invalid `--now soon`\n  = help: write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`\n",
    );
  });
});
