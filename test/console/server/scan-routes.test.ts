// The compliance page's server side against a real cloud with the demo organisation: POST /scan runs
// the guardrail scan as the signed-in user in the background, GET /scan/:jobId follows it, and
// /compliance/* reads what it recorded — each read first cleared with the cloud (ListAccounts as
// that user), so only whom the cloud lets list the organisation sees its findings.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule } from "../../cloud/harness.js";
import {
  finished,
  scanToTheEnd,
  startConsoleCloud,
  startScan,
  type ConsoleBrowser,
  type ConsoleTestCloud,
} from "./harness.js";

interface ErrorBody {
  error: { code: string; message: string; help?: string; accessDenied?: { detail: Record<string, string> } };
}

describe("with the demo organisation", () => {
  let c: ConsoleTestCloud;
  let admin: ConsoleBrowser;
  let root: ConsoleBrowser;
  let organisation: {
    instances: { instanceId: string; account: string; name: string }[];
    accounts: { name: string; accountId: string }[];
  };

  beforeAll(async () => {
    c = await startConsoleCloud({ seed: "demo" });
    admin = await c.signIn(await c.profile("security-admin"));
    root = await c.signIn(c.t.root);
    organisation = (
      JSON.parse(await readFile(join(c.t.cloud.dataDir, "demo-seed.json"), "utf8")) as {
        organisation: typeof organisation;
      }
    ).organisation;
  });
  afterAll(async () => {
    await c.close();
  });

  it("before any scan, the summary has no scan and there are no findings", async () => {
    const summary = (await (await admin.get("/compliance/summary")).json()) as Record<string, unknown>;
    expect(summary["latestScan"]).toBeUndefined();
    expect(summary["specFile"]).toBe(join(c.t.cloud.dataDir, "imageguard.yaml"));
    expect(summary["findingsFile"]).toBe(join(c.t.cloud.dataDir, "findings.db"));
    expect(summary["open"]).toMatchObject({ total: 0, byAccount: [] });
    const findings = (await (await admin.get("/compliance/findings")).json()) as { findings: unknown[] };
    expect(findings.findings).toEqual([]);
  });

  it("the management account's root may not scan: the job fails with the client's reason and whom to sign in as", async () => {
    const job = await scanToTheEnd(root);
    expect(job.state).toBe("failed");
    expect(job.error?.code).toBe("root-cannot-assume-role");
    expect(job.error?.message).toContain("Alibaba Cloud refuses AssumeRole to root identities");
    expect(job.error?.help).toContain("`security-admin`");
  });

  it("security-admin scans the organisation; the summary, the findings and a finding come from the recorded scan", async () => {
    const started = await startScan(admin);
    expect(started).toMatchObject({
      state: "running",
      startedBy: expect.stringContaining(":user/security-admin"),
    });
    const job = await finished(admin, started.id);
    expect(job.error).toBeUndefined();
    expect(job.state).toBe("succeeded");
    expect(job.progress.accountsDone).toBe(organisation.accounts.length);
    expect(job.result?.incomplete).toEqual([]);
    expect(job.result?.summary.instances).toBe(organisation.instances.length);
    // The demo spec exempts storefront's batch-1 until 2027.
    expect(job.result?.summary.exempt).toBe(1);

    const summary = (await (await admin.get("/compliance/summary")).json()) as {
      latestScan: { id: number; counts: { findings: number } };
      open: {
        total: number;
        byVerdict: { verdict: string; count: number }[];
        byAccount: { accountName: string; total: number }[];
      };
      history: { scanId: number; findings: number }[];
    };
    expect(summary.latestScan.id).toBe(job.result?.scanId);
    expect(summary.open.total).toBe((job.result?.summary.findings ?? 0) + 1);
    expect(summary.open.byVerdict.reduce((sum, entry) => sum + entry.count, 0)).toBe(summary.open.total);
    expect(summary.open.byVerdict.find((entry) => entry.verdict === "exempt")?.count).toBe(1);
    expect(summary.history).toEqual([
      { ...summary.history[0], scanId: job.result?.scanId, findings: job.result?.summary.findings },
    ]);
    expect(summary.open.byAccount.map((entry) => entry.accountName)).toContain("app-storefront");

    const all = (await (await admin.get("/compliance/findings")).json()) as {
      total: number;
      findings: {
        key: string;
        accountId: string;
        verdict: string;
        mode: string;
        status: string;
        instanceName: string;
      }[];
      accounts: { accountName: string }[];
    };
    expect(all.total).toBe(summary.open.total);
    expect(all.findings.every((row) => row.status === "open")).toBe(true);

    const exempt = (await (await admin.get("/compliance/findings?verdict=exempt")).json()) as typeof all;
    expect(exempt.findings.map((row) => row.instanceName)).toEqual(["batch-1"]);
    const audit = (await (await admin.get("/compliance/findings?mode=audit")).json()) as typeof all;
    expect(audit.findings.length).toBeGreaterThan(0);
    expect(audit.findings.every((row) => row.mode === "audit")).toBe(true);
    const storefront =
      organisation.accounts.find((account) => account.name === "app-storefront")?.accountId ?? "";
    const mine = (await (await admin.get(`/compliance/findings?account=${storefront}`)).json()) as typeof all;
    expect(mine.findings.every((row) => row.accountId === storefront)).toBe(true);
    expect(
      (await (await admin.get("/compliance/findings?status=resolved")).json()) as typeof all,
    ).toMatchObject({ total: 0 });

    const first = exempt.findings[0];
    const detail = (await (await admin.get(`/compliance/findings/${first?.key ?? ""}`)).json()) as {
      key: string;
      verdict: string;
      details: { exemption?: { exemptions: { id: string }[] }; failures: { reason: string }[] };
      verdictInfo: { label: string };
      firstSeen: string;
    };
    expect(detail.key).toBe(first?.key);
    expect(detail.verdictInfo.label).toBe("exempt");
    expect(detail.details.exemption?.exemptions.map((e) => e.id)).toEqual(["storefront-legacy-batch"]);
    expect(detail.details.failures.length).toBeGreaterThan(0);
  });

  it("refuses a second scan while one runs, and hides a scan from whoever did not start it", async () => {
    const first = await startScan(admin);
    const second = await admin.post("/scan", {});
    expect(second.status).toBe(409);
    expect(((await second.json()) as ErrorBody).error).toMatchObject({
      code: "ScanInProgress",
      message: expect.stringMatching(/^a scan started by you at .* is still running$/),
      help: expect.stringContaining("wait for it"),
    });
    const foreign = await root.get(`/scan/${first.id}`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ErrorBody).error.code).toBe("ScanNotFound");
    const job = await finished(admin, first.id);
    expect(job.state).toBe("succeeded");
    const history = ((await (await admin.get("/compliance/summary")).json()) as { history: unknown[] })
      .history;
    expect(history).toHaveLength(2);
  });

  it("a member account's developer is refused the findings by the cloud itself, explained", async () => {
    const developer = await c.signIn(await c.profile("app-storefront-developer"));
    const response = await developer.get("/compliance/summary");
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.accessDenied?.detail["AuthAction"]).toBe("resourcemanager:ListAccounts");
    const finding = await developer.get("/compliance/findings");
    expect(finding.status).toBe(403);
  });

  it("a management-account user without permissions: the scan fails with the cloud's denial", async () => {
    const ram = c.t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "no-permissions" }));
    const key = (
      await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "no-permissions" }))
    ).body?.accessKey;
    const nobody = await c.signIn({
      accessKeyId: key?.accessKeyId ?? "",
      accessKeySecret: key?.accessKeySecret ?? "",
    });
    const job = await scanToTheEnd(nobody);
    expect(job.state).toBe("failed");
    expect(job.error).toMatchObject({ code: "NoPermission", httpStatus: 403 });
    expect(job.error?.accessDenied?.detail).toMatchObject({
      AuthAction: "resourcemanager:GetResourceDirectory",
      NoPermissionType: "ImplicitDeny",
    });
    // Decoded as the same user, who may not decode either: the page says so instead of guessing.
    expect(job.error?.accessDenied?.explanation).toBeUndefined();
    expect(job.error?.accessDenied?.decodeError).toMatchObject({ code: "NoPermission", httpStatus: 403 });
  });

  it.each([
    ["/compliance/findings?color=red", 400, "InvalidParameter.color"],
    ["/compliance/findings?verdict=golden", 400, "InvalidParameter.verdict"],
    ["/compliance/findings?status=open&status=resolved", 400, "InvalidParameter.status"],
    ["/compliance/findings?account=app-payments", 400, "InvalidParameter.account"],
    ["/compliance/findings/1/cn-hangzhou/i-missing", 404, "FindingNotFound"],
    ["/scan/not-a-job", 404, "ScanNotFound"],
  ])("GET %s answers %d %s", async (path, status, code) => {
    const response = await admin.get(path);
    expect(response.status).toBe(status);
    expect(((await response.json()) as ErrorBody).error.code).toBe(code);
  });

  it("starting a scan needs the CSRF token, and takes no options", async () => {
    expect((await admin.post("/scan", {}, { csrf: false })).status).toBe(403);
    const response = await admin.post("/scan", { regions: ["cn-hangzhou"] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("InvalidParameter.regions");
  });
});

describe("the guardrail spec", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "imageguard-console-spec-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("missing: the scan is refused before it starts, saying where the spec belongs", async () => {
    const c = await startConsoleCloud({ console: { specFile: join(dir, "absent.yaml") } });
    try {
      const root = await c.signIn(c.t.root);
      const response = await root.post("/scan", {});
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as ErrorBody;
      expect(error).toMatchObject({
        code: "GuardrailSpecMissing",
        help: expect.stringContaining("docs/guardrail-spec.md"),
      });
      expect(error.message).toContain(join(dir, "absent.yaml"));
    } finally {
      await c.close();
    }
  });

  it("invalid: the scan is refused, naming the first error and its line", async () => {
    const file = join(dir, "broken.yaml");
    await writeFile(file, "version: 1\ngolden:\n  requiredTags: nope\nscopes: []\n");
    const c = await startConsoleCloud({ console: { specFile: file } });
    try {
      const root = await c.signIn(c.t.root);
      const response = await root.post("/scan", {});
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe("GuardrailSpecInvalid");
      expect(error.message).toMatch(/has \d+ errors?, the first at line \d+: /);
      expect(error.help).toContain(`imageguard guardrail validate ${file}`);
    } finally {
      await c.close();
    }
  });
});
