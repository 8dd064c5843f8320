// `imageguard guardrail plan` and `status` as a new user meets them after `npm start`: no flags, the
// local cloud's credentials and endpoint found in ./.imageguard, the seed's own spec; exit codes as
// `terraform plan -detailed-exitcode`; JSON for machines; every wrong option refused with its fix.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployPlan, DriftReport } from "../../src/guardrail/index.js";
import { profileKeys } from "../cloud/seed/fixtures.js";
import {
  accessRoleSession,
  accountId,
  startDeployCloud,
  type DeployCloud,
} from "../guardrail/deploy/fixtures.js";

let cloud: DeployCloud;
const SEEDED = ".imageguard/imageguard.yaml";

beforeAll(async () => {
  cloud = await startDeployCloud("demo");
  // What `imageguard serve` writes once it listens (test/client/serve.test.ts holds that it does).
  await writeFile(join(cloud.t.cloud.dataDir, "endpoint.json"), JSON.stringify({ url: cloud.t.cloud.url }));
}, 60_000);

afterAll(async () => {
  await cloud?.close();
});

describe("after npm start", () => {
  it("Given no flags, plan finds the local cloud's credentials and endpoint and plans the seed's spec: exit 2", async () => {
    const run = await cloud.guardrail(["plan", "--spec", SEEDED], { bare: true });
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `planning as profile \`default\` of \`.imageguard/credentials.json\` at ${cloud.t.cloud.url}\n`,
    );
    expect(run.out).toContain(
      `guardrail plan for \`${SEEDED}\` against resource directory \`${cloud.org!.directoryId}\``,
    );
    expect(run.out).toContain("plan: 1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete\n");
  });

  it("Given --json, the plan is one JSON document with its steps, summary and the observed state's digest", async () => {
    const run = await cloud.guardrail(["plan", SEEDED], { bare: true, json: true });
    expect(run.code).toBe(2);
    const plan = JSON.parse(run.out) as DeployPlan & { file: string; offline: boolean };
    expect(plan).toMatchObject({
      file: SEEDED,
      offline: false,
      format: "imageguard-guardrail-plan",
      version: 1,
      target: "resource-directory",
      where: { accountId: cloud.t.cloud.managementAccount.accountId, directoryId: cloud.org!.directoryId },
      ok: true,
      summary: { enable: 0, create: 1, update: 0, replace: 0, delete: 0, attach: 1, detach: 0 },
    });
    expect(plan.observedDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.problems).toEqual([]);
  });

  it("Given a member's developer, who may not read the directory, plan says so and how to go on", async () => {
    const run = await cloud.guardrail(["plan", SEEDED, "--profile", "app-storefront-developer"], {
      bare: true,
    });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^error: the credentials \(account `\d+`\) may not read the resource directory \(`resourcemanager:GetResourceDirectory` was denied\)/,
    );
    expect(run.err).toContain("or pass `--target ram` for RAM policies in this account");
  });

  it("Given a member account's administrator session, plan says only the management account manages control policies", async () => {
    const admin = await profileKeys(cloud.t, "security-admin");
    const session = await accessRoleSession(cloud.t, admin, accountId(cloud.org!, "app-storefront"));
    await cloud.writeFile(
      "member.json",
      JSON.stringify({
        current: "member",
        profiles: [
          {
            name: "member",
            mode: "StsToken",
            access_key_id: session.accessKeyId,
            access_key_secret: session.accessKeySecret,
            sts_token: session.securityToken,
            region_id: "cn-hangzhou",
          },
        ],
      }),
    );
    const run = await cloud.guardrail(
      ["plan", SEEDED, "--config", "member.json", "--endpoint", cloud.t.cloud.url],
      {
        bare: true,
      },
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `error: account \`${accountId(cloud.org!, "app-storefront")}\` is a member of resource directory \`${cloud.org!.directoryId}\`; only its management account \`${cloud.t.cloud.managementAccount.accountId}\` manages control policies`,
    );
  });
});

describe("status", () => {
  it("Given nothing deployed, status says so: exit 2; once applied it is in sync: exit 0, as text and JSON", async () => {
    const before = await cloud.guardrail(["status", SEEDED]);
    expect(before.code).toBe(2);
    expect(before.out).toContain(": not deployed (1 item)");
    expect(before.out).toContain("  policy-missing: control policy `imageguard-guardrail` is not deployed");
    expect(before.out).toContain(
      "deploy it: `imageguard guardrail plan` shows the changes, `imageguard guardrail apply` makes them",
    );

    expect((await cloud.guardrail(["apply", SEEDED, "--yes"])).code).toBe(0);
    const after = await cloud.guardrail(["status", "--spec", SEEDED]);
    expect(after.code).toBe(0);
    expect(after.out).toContain(": in sync; exemptions judged at");
    expect(after.out).toContain("in sync: 1 policy, 1 attachment\n");
    const json = JSON.parse((await cloud.guardrail(["status", SEEDED], { json: true })).out) as DriftReport;
    expect(json).toMatchObject({
      state: "in-sync",
      items: [],
      inSync: { policies: 1, attachments: 1 },
      conflicts: [],
    });
  });

  it("Given a second plan after apply, it has no changes: exit 0", async () => {
    const run = await cloud.guardrail(["plan", SEEDED]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("unchanged: `imageguard-guardrail`");
    expect(run.out).toContain("no changes: the deployed guardrail matches the spec\n");
  });
});

describe("options", () => {
  it("Given --offline with a cloud option, plan refuses it: an offline plan reads no cloud", async () => {
    const run = await cloud.guardrail(["plan", "--offline", SEEDED, "--out", "plan.json"], { bare: true });
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "error: `--out` has no meaning with `--offline`: an offline plan reads no cloud\n" +
        "  = help: drop `--offline` to plan against the cloud, or drop `--out`\n",
    );
  });

  it("Given two different specs, plan refuses to choose", async () => {
    const run = await cloud.guardrail(["plan", "a.yaml", "--spec", "b.yaml"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("error: two specs given: `a.yaml` and `--spec b.yaml`");
  });

  it("Given an invalid spec, plan and status print its problems and stop before reaching the cloud: exit 1", async () => {
    await cloud.writeFile("bad.yaml", "version: 1\ngolden:\n  requiredTags: {}\nscopes: []\n");
    for (const verb of ["plan", "status", "apply"]) {
      const run = await cloud.guardrail([verb, "bad.yaml", "--yes"].slice(0, verb === "apply" ? 3 : 2));
      expect(run.code).toBe(1);
      expect(run.err).toContain("error[empty-list]");
      expect(run.out).toBe("");
    }
  });

  it("Given an unreadable --now, every command refuses it with the format", async () => {
    for (const verb of ["plan", "status", "apply"]) {
      const run = await cloud.guardrail([verb, SEEDED, "--now", "soon"]);
      expect(run.code).toBe(1);
      expect(run.err).toContain("error: invalid `--now soon`");
    }
  });
});
