import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/index.js";
import { runCli } from "../../cli/run-cli.js";

const EXAMPLE = "examples/imageguard.yaml";
const AT = ["--now", "2026-05-01T00:00:00Z"];
const plan = (...args: string[]) => runCli(["guardrail", "plan", ...args]);

describe("imageguard guardrail plan", () => {
  // Without --offline the plan is made against a cloud: test/cli/guardrail-plan.test.ts.
  it("Given --offline with an option that only means something against a cloud, refuses it: exit 1", async () => {
    const run = await plan("--offline", EXAMPLE, "--profile", "default");
    expect(run.code).toBe(1);
    expect(run.out).toBe("");
    expect(run.err).toBe(
      "error: `--profile` has no meaning with `--offline`: an offline plan reads no cloud\n" +
        "  = help: drop `--offline` to plan against the cloud, or drop `--profile`\n",
    );
  });

  it("Given --offline, prints the example's control policies, attachments and notes: exit 0", async () => {
    const run = await plan("--offline", EXAMPLE, ...AT);
    expect(run.code).toBe(0);
    expect(run.err).toBe("");
    await expect(run.out).toMatchFileSnapshot("./__snapshots__/plan-example-rd.txt");
  });

  it("prints policies whose JSON is the deployable document", async () => {
    const run = await runCli(["--json", "guardrail", "plan", "--offline", EXAMPLE, ...AT]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.out) as {
      ok: boolean;
      target: string;
      policies: { name: string; document: unknown; size: number }[];
      attachments: { target: { scope: string }; policies: string[] }[];
      problems: unknown[];
    };
    expect(data.ok).toBe(true);
    expect(data.target).toBe("resource-directory");
    expect(data.problems).toEqual([]);
    for (const policy of data.policies) {
      const parsed = parsePolicy(JSON.stringify(policy.document), "control");
      expect(parsed.problems).toEqual([]);
      expect(parsed.ok && parsed.policy.size).toBe(policy.size);
    }
    expect(data.attachments.map((attachment) => attachment.target.scope)).toEqual([
      "Root/Security",
      "Root/Production",
    ]);
  });

  it("Given --target ram, prints RAM policies for account scopes and warns about folder scopes", async () => {
    const spec = `version: 1
golden:
  requiredTags: { status: [approved] }
scopes:
  - { id: "1300000000000002", mode: enforce }
  - { path: Root/Production, mode: enforce }
breakGlass:
  roles: ["acs:ram::1300000000000002:role/break-glass-admin"]
`;
    const run = await runCli(["guardrail", "plan", "--offline", "--target", "ram", "s.yaml", ...AT], {
      "s.yaml": spec,
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain("RAM policy `imageguard-guardrail`: ");
    expect(run.out).toContain(
      "  every RAM user, group and role of account `1300000000000002` except `acs:ram:*:1300000000000002:role/break-glass-admin`: `imageguard-guardrail` (1 of 10 policies)\n",
    );
    expect(run.err).toContain("warning[scope-not-applicable]: scope `Root/Production` is a folder or a path");
  });

  it("Given an invalid spec, prints its problems and generates nothing: exit 1", async () => {
    const run = await runCli(["guardrail", "plan", "--offline", "s.yaml"], {
      "s.yaml": "version: 1\nscopes: []\n",
    });
    expect(run.code).toBe(1);
    expect(run.out).toBe("");
    expect(run.err).toContain("error[missing-field]: the file has no `golden`");
    expect(run.err).toContain("error[empty-list]: `scopes` is empty");
  });

  it("Given a spec whose policies cannot fit a node, prints the error and exits 1", async () => {
    const values = (prefix: string) =>
      `[${Array.from({ length: 90 }, (_, index) => `"${prefix}-${index}-${"x".repeat(24)}"`).join(", ")}]`;
    const tags = Array.from({ length: 10 }, (_, index) => `    tag${index}: ${values(`t${index}`)}`).join(
      "\n",
    );
    const spec = `version: 1\ngolden:\n  requiredTags:\n${tags}\nscopes:\n  - { id: fd-prod, mode: enforce }\n`;
    const run = await runCli(["guardrail", "plan", "--offline", "s.yaml", ...AT], { "s.yaml": spec });
    expect(run.code).toBe(1);
    expect(run.err).toContain("error[too-many-policies]: scope `fd-prod` would need");
    expect(run.out).toContain("plan failed: see the errors above\n");
  });
});
