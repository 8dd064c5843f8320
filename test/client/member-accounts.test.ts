// forEachMemberAccount over the demo organisation: one role session per member account, cached,
// a bounded number at once, every account's outcome as data, and the root identity refused up
// front with a message that says what to use instead.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSeedState, type DemoOrganisation } from "../../src/cloud/seed/index.js";
import {
  CloudClientError,
  ConnectionError,
  createRoleSessionCache,
  forEachMemberAccount,
  type CloudClient,
} from "../../src/client/index.js";
import { startDemoCloud, startProxy, type DemoCloud, type Proxy } from "./fixtures.js";

let demo: DemoCloud;
let proxy: Proxy;
let org: DemoOrganisation;
let admin: CloudClient;

beforeAll(async () => {
  demo = await startDemoCloud();
  proxy = await startProxy({ host: demo.cloud.host, port: demo.cloud.port });
  const state = await readSeedState(demo.cloud.dataDir);
  if (state?.state !== "complete") throw new Error("the demo seed did not complete");
  org = state.organisation;
  admin = await demo.client("security-admin", { endpoint: proxy.url });
});
afterAll(async () => {
  await proxy.close();
  await demo.close();
});
beforeEach(() => proxy.reset());

const assumeRoleCalls = () => proxy.calls.filter((call) => call.action === "AssumeRole");
const members = () => org.accounts.filter((account) => account.name !== "management");

describe("forEachMemberAccount", () => {
  it("runs in every member account as its ResourceDirectoryAccountAccessRole", async () => {
    const outcomes = await forEachMemberAccount(admin, async (member, account) => {
      const identity = await member.whoami();
      const instances = await member.ecs.describeInstances();
      return { identity, instances: instances.length, folder: account.folderPath };
    });
    expect(outcomes.map((outcome) => outcome.account.displayName).sort()).toEqual(
      members()
        .map((account) => account.name)
        .sort(),
    );
    for (const outcome of outcomes) {
      if (!outcome.ok) throw outcome.error;
      const expected = org.accounts.find((account) => account.accountId === outcome.account.accountId);
      expect(outcome.value.identity).toMatchObject({ kind: "role-session", accountId: expected?.accountId });
      expect(outcome.value.identity.arn.toLowerCase()).toContain(
        "/resourcedirectoryaccountaccessrole/imageguard",
      );
      expect(outcome.value.folder).toBe(`/Root/${expected?.folder}`);
      // Each member sees its own instances, as the seed launched them.
      expect(outcome.value.instances).toBe(org.instances.filter((i) => i.account === expected?.name).length);
    }
    expect(assumeRoleCalls().length).toBe(members().length);
  });

  it("also runs in the management account, as the caller, when asked", async () => {
    const outcomes = await forEachMemberAccount(admin, (member) => member.whoami(), {
      includeManagementAccount: true,
      accounts: (account) => account.isManagementAccount || account.folderPath === "/Root/Security",
    });
    const byName = Object.fromEntries(
      outcomes.map((outcome) => [outcome.account.displayName, outcome.ok ? outcome.value.kind : "failed"]),
    );
    expect(byName).toEqual({ management: "user", "image-factory": "role-session" });
    expect(assumeRoleCalls().length).toBe(1);
  });

  it("keeps at most `concurrency` accounts in flight", async () => {
    let inFlight = 0;
    let most = 0;
    await forEachMemberAccount(
      admin,
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 30));
        inFlight--;
      },
      { concurrency: 2 },
    );
    expect(most).toBe(2);
  });

  it("assumes each role once while its session lasts, and again shortly before it expires", async () => {
    let now = new Date();
    const cache = createRoleSessionCache({ now: () => now, refreshBeforeMs: 5 * 60_000 });
    const run = () =>
      forEachMemberAccount(admin, (member) => member.whoami(), { cache, durationSeconds: 900 });
    await run();
    expect(assumeRoleCalls().length).toBe(4);
    await run();
    expect(assumeRoleCalls().length).toBe(4);
    // Eleven minutes later, less than the five-minute margin is left of the 15-minute sessions.
    now = new Date(now.getTime() + 11 * 60_000);
    const outcomes = await run();
    expect(assumeRoleCalls().length).toBe(8);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  });

  it("reports each account's failure as data and carries on with the others", async () => {
    const outcomes = await forEachMemberAccount(admin, async (member, account) => {
      if (account.displayName === "app-payments")
        await member.ram.listUsers().then(() => member.rd.listAccounts());
      return account.displayName;
    });
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed.map((outcome) => outcome.account.displayName)).toEqual(["app-payments"]);
    const error = failed[0]?.ok === false ? failed[0].error : undefined;
    expect(error).toBeInstanceOf(CloudClientError);
    expect((error as CloudClientError).code).toBe("EntityNotExists.ResourceDirectory");
    expect(outcomes.filter((outcome) => outcome.ok).length).toBe(3);
  });

  it("reports a role that does not exist per account", async () => {
    const outcomes = await forEachMemberAccount(admin, (member) => member.whoami(), {
      roleName: "NoSuchRole",
      accounts: (account) => account.folderPath === "/Root/Production",
    });
    expect(outcomes.length).toBe(2);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect((outcome.error as CloudClientError).code).toBe("EntityNotExist.Role");
    }
  });

  it("refuses the root identity up front, and says what to use instead", async () => {
    const root = await demo.client("default", { endpoint: proxy.url });
    const error = await forEachMemberAccount(root, () => Promise.resolve()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConnectionError);
    const problem = (error as ConnectionError).problems[0];
    expect(problem).toMatchObject({ code: "root-cannot-assume-role" });
    expect(problem?.message).toBe(
      `the credentials in use are the root identity of account \`${org.managementAccountId}\`, and Alibaba Cloud refuses AssumeRole to root identities`,
    );
    expect(problem?.help).toContain(
      "use a RAM user of the management account, e.g. the demo's security-admin profile",
    );
    expect(assumeRoleCalls()).toEqual([]);
  });

  it("refuses a member account's credentials: only the management account has members", async () => {
    const [payments] = await forEachMemberAccount(admin, (member) => Promise.resolve(member), {
      accounts: (account) => account.displayName === "app-payments",
    });
    if (payments?.ok !== true) throw new Error("no session in app-payments");
    const error = await forEachMemberAccount(payments.value, () => Promise.resolve()).catch(
      (err: unknown) => err,
    );
    expect((error as ConnectionError).code).toBe("not-management-account");
  });
});
