// The whole scan against the demo organisation of a real local cloud: `imageguard scan` run
// in-process as a user runs it, through the client, the Resource Directory's access roles and the
// official SDKs, with the findings database on disk.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCESS_ROLE_NAME,
  createCloudClient,
  resolveConnection,
  roleArn,
  type CloudClient,
} from "../../../src/client/index.js";
import { main, type CliIo } from "../../../src/cli/index.js";
import { EcsModule, startTestCloud, type TestCloud } from "../../cloud/harness.js";
import type { ReportedScan } from "./fixtures.js";

const REGIONS = ["--region", "cn-hangzhou", "cn-shanghai"];

let cwd: string;
let t: TestCloud;
let admin: CloudClient;
/** Account ids by display name. */
const ids: Record<string, string> = {};
/** Instance ids by name. */
const instances: Record<string, string> = {};

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function scan(...args: string[]): Promise<Run> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    readFile: (path) => readFile(resolve(cwd, path), "utf8"),
    cwd,
  };
  const code = await main(
    ["node", "imageguard", "scan", "--endpoint", t.cloud.url, "--no-progress", ...args],
    io,
  );
  return { code, out, err };
}

async function member(name: string): Promise<CloudClient> {
  const session = await admin.sts.assumeRole({
    roleArn: roleArn(ids[name] as string, ACCESS_ROLE_NAME),
    sessionName: "scan-e2e",
  });
  return admin.withCredentials(session.credentials);
}

function specText(options: {
  production: "enforce" | "audit";
  golden?: string;
  exemptions?: string;
}): string {
  return `version: 1
golden:
${
  options.golden ??
  `  requiredTags:
    status: [approved]
    security-level: [trusted]
    environment: [production]
  trustedOwners: ["${ids["image-factory"]}"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14`
}
scopes:
  - { path: Root/Security, mode: audit }
  - { path: Root/Production, mode: ${options.production} }
  - { path: Root/Development, mode: audit }
${options.exemptions === undefined ? "" : `exemptions:\n${options.exemptions}`}
`;
}

type Reported = ReportedScan["instances"][number];

function byName(run: Run): Record<string, Reported> {
  const data = JSON.parse(run.out) as ReportedScan;
  return Object.fromEntries(data.instances.map((instance) => [instance.instanceName, instance]));
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "imageguard-scan-"));
  t = await startTestCloud({ dataDir: join(cwd, ".imageguard"), seed: "demo" });
  admin = createCloudClient(
    await resolveConnection({
      profile: "security-admin",
      endpoint: t.cloud.url,
      env: {},
      cwd,
      homeDir: join(cwd, "home"),
    }),
    { sleep: () => Promise.resolve() },
  );
  for (const account of await admin.rd.listAccounts()) ids[account.displayName] = account.accountId;
  for (const name of ["app-storefront", "app-payments", "dev-playground"]) {
    for (const instance of await (await member(name)).ecs.describeInstances({ regionId: "cn-hangzhou" })) {
      instances[instance.instanceName] = instance.instanceId;
    }
  }
  await writeFile(
    join(cwd, "imageguard.yaml"),
    specText({
      production: "enforce",
      exemptions: `  - { id: payments-worker-retires, scope: Root/Production, instance: ${instances["payments-worker"]}, reason: retires with the monthly close, approver: sec@example.com, expiresAt: "2099-12-31" }
  - { id: legacy-web-lapsed, instance: ${instances["legacy-web"]}, reason: lapsed, approver: sec@example.com, expiresAt: "2020-01-31" }`,
    }),
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
  await rm(cwd, { recursive: true, force: true });
});

describe("imageguard scan against the demo organisation", () => {
  it("Given the management account's root keys, it fails with the client's message: Alibaba refuses AssumeRole to root", async () => {
    const run = await scan("--profile", "default", ...REGIONS);
    expect(run.code).toBe(1);
    expect(run.out).toBe("");
    expect(run.err).toContain(
      `error: the credentials in use are the root identity of account \`${ids["management"] ?? ""}\`, and Alibaba Cloud refuses AssumeRole to root identities`,
    );
    expect(run.err).toContain(
      "= help: use a RAM user of the management account, e.g. the demo's security-admin profile (--profile security-admin)",
    );
    // Nothing was recorded: the scan never started.
    await expect(stat(join(cwd, ".imageguard", "findings.db"))).rejects.toThrow();
  });

  it("Given security-admin and Production enforced, golden instances are compliant, the others fail with their verdicts, exit 2", async () => {
    const run = await scan("--profile", "security-admin", "--format", "json", ...REGIONS);
    expect(run.code).toBe(2);
    const found = byName(run);

    for (const name of ["web-1", "web-2", "payments-api-1", "payments-api-2", "dev-api"]) {
      expect(found[name], name).toMatchObject({ verdict: "compliant", failures: [] });
      expect(found[name]?.image).toMatchObject({ ownerId: ids["image-factory"], source: "Others" });
    }
    // Alibaba's public image: no owner, System source, untagged.
    expect(found["legacy-web"]).toMatchObject({
      accountName: "app-storefront",
      mode: "enforce",
      verdict: "untrusted-owner",
      image: { source: "System", tags: {} },
    });
    expect(found["legacy-web"]?.failures.map((f) => f.reason)).toEqual(
      expect.arrayContaining(["untrusted-owner", "disallowed-source", "missing-tag"]),
    );
    // Its exemption lapsed in 2020: the finding stands and says so.
    expect(found["legacy-web"]?.expiredExemptions.map((e) => e.id)).toEqual(["legacy-web-lapsed"]);
    // The account's own untagged snapshot image: owned by the wrong account, and untagged.
    expect(found["batch-1"]).toMatchObject({
      verdict: "untrusted-owner",
      image: { source: "Self", ownerId: ids["app-storefront"], tags: {} },
    });
    expect(found["batch-1"]?.failures.map((f) => f.reason)).toEqual([
      "untrusted-owner",
      "missing-tag",
      "missing-tag",
      "missing-tag",
    ]);
    expect(found["payments-worker"]).toMatchObject({
      verdict: "exempt",
      exemption: { verdict: "untrusted-owner", expiresAt: "2099-12-31" },
    });
    expect(found["dev-box"]).toMatchObject({ mode: "audit", verdict: "untrusted-owner" });
    expect(found["experiment-1"]).toMatchObject({ mode: "audit", verdict: "untrusted-owner" });
    expect(found["builder-ubuntu"]).toMatchObject({ accountName: "image-factory", mode: "audit" });

    const data = JSON.parse(run.out) as ReportedScan;
    expect(data.summary).toMatchObject({
      instances: 12,
      compliant: 5,
      exempt: 1,
      findings: 6,
      enforcedFindings: 2,
      expiredExemptions: 1,
    });
    // Five accounts (the management account included), two regions each.
    expect(data.complete).toHaveLength(10);
    expect(data.incomplete).toEqual([]);
    expect(data.scanId).toBe(1);
    expect(
      Object.values(found)
        .filter((i) => i.verdict !== "compliant")
        .map((i) => i.history?.status),
    ).toEqual(Array(7).fill("new"));
    expect(run.err).toContain("warning[exemption-expired]");
  }, 120_000);

  it("Given tag criteria only, the public image's verdict is `disallowed-source` and the untagged one's `missing-tag`", async () => {
    const tagsOnly = specText({
      production: "enforce",
      golden: `  requiredTags: { environment: [production] }\n  allowedSources: [Self, Others]`,
    });
    await writeFile(join(cwd, "tags-only.yaml"), tagsOnly);
    const run = await scan(
      "--profile",
      "security-admin",
      "--spec",
      "tags-only.yaml",
      "--findings",
      "other/findings.db",
      "--format",
      "json",
      ...REGIONS,
    );
    expect(run.code).toBe(2);
    const found = byName(run);
    expect(found["legacy-web"]?.verdict).toBe("disallowed-source");
    expect(found["batch-1"]?.verdict).toBe("missing-tag");
    expect(found["web-1"]?.verdict).toBe("compliant");
    await expect(stat(join(cwd, "other", "findings.db"))).resolves.toBeDefined();
  }, 120_000);

  it("Given an image deleted under its instance and an instance deleted, the next scan says `image-deleted` and resolves the gone one", async () => {
    const storefront = await member("app-storefront");
    const imageId = (
      await storefront.ecs.describeInstances({
        regionId: "cn-hangzhou",
        instanceIds: [instances["batch-1"] as string],
      })
    )[0]?.imageId as string;
    const session = await admin.sts.assumeRole({
      roleArn: roleArn(ids["app-storefront"] as string, ACCESS_ROLE_NAME),
      sessionName: "scan-e2e",
    });
    await t
      .ecs(session.credentials)
      .deleteImage(new EcsModule.DeleteImageRequest({ regionId: "cn-hangzhou", imageId, force: true }));
    await (
      await member("dev-playground")
    ).ecs.deleteInstance(instances["dev-box"] as string, { force: true });

    const run = await scan("--profile", "security-admin", "--format", "json", ...REGIONS);
    expect(run.code).toBe(2);
    const data = JSON.parse(run.out) as ReportedScan;
    const found = byName(run);
    expect(found["batch-1"]).toMatchObject({
      verdict: "image-deleted",
      imageId,
      history: { status: "open" },
    });
    expect(found["batch-1"]?.image).toBeUndefined();
    expect(found["dev-box"]).toBeUndefined();
    expect(data.scanId).toBe(2);
    expect(data.resolved?.map((f) => [f.instanceId, f.verdict])).toEqual([
      [instances["dev-box"], "untrusted-owner"],
    ]);
  }, 120_000);

  it("Given Production in audit mode, nothing is enforced: exit 0, a table on stdout, an HTML report written, every region scanned", async () => {
    await writeFile(join(cwd, "audit.yaml"), specText({ production: "audit" }));
    // The findings database holds imageguard.yaml's history: another spec is refused before scanning
    const refused = await scan("--profile", "security-admin", "--spec", "audit.yaml");
    expect(refused.code).toBe(1);
    expect(refused.out).toBe("");
    expect(refused.err).toContain(
      "error: `.imageguard/findings.db` holds the history of the spec `imageguard.yaml` (last scan #2), not of `audit.yaml`",
    );
    expect(refused.err).toContain(
      "= help: keep a history per spec with `--findings <another file>` (e.g. `--findings .imageguard/audit-findings.db`), or pass `--switch-spec`",
    );
    const table = await scan("--profile", "security-admin", "--spec", "audit.yaml", "--switch-spec");
    expect(table.err).toContain(
      "warning: `.imageguard/findings.db` holds the history of the spec `imageguard.yaml`",
    );
    expect(table.code).toBe(0);
    expect(table.out).toMatch(
      /app-storefront \(\d{16}\)\s+cn-hangzhou\s+i-\w+ \(web-1\)\s+m-\w+\s+Root\/Production \(audit\)\s+compliant/,
    );
    expect(table.out).toMatch(
      /i-\w+ \(batch-1\)\s+m-\w+\s+Root\/Production \(audit\)\s+image deleted\s+since \d{4}-\d{2}-\d{2}/,
    );
    expect(table.out).toMatch(
      /11 instances in 5 accounts \(\d+ account-regions scanned completely\): 5 compliant, 6 findings \(0 in enforce scopes\), 0 exempt/,
    );
    expect(table.out).toContain("history (scan #3)");
    // Without --region every region DescribeRegions lists is scanned, more than the two above.
    const regions = Number(/\((\d+) account-regions/.exec(table.out)?.[1]);
    expect(regions).toBeGreaterThan(10);

    const html = await scan(
      "--profile",
      "security-admin",
      "--spec",
      "audit.yaml",
      "--format",
      "html",
      "--out",
      "report.html",
      ...REGIONS,
    );
    expect(html.code).toBe(0);
    expect(html.out).toBe("");
    expect(html.err).toContain(
      "wrote the html report to `report.html`: 11 instances, 5 compliant, 6 findings (0 in enforce scopes), 0 exempt",
    );
    const report = await readFile(join(cwd, "report.html"), "utf8");
    expect(report).toContain('<svg class="donut"');
    expect(report).toContain("payments-worker");
  }, 180_000);
});
