// Member accounts through @alicloud/resourcemanager20200331: creating one makes a real account with
// its own identity and the ResourceDirectoryAccountAccessRole, listings and paging, moves, and
// who may call the management APIs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule, StsModule, VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import {
  Rm,
  accessRoleArn,
  allow,
  assumeAccessRole,
  createAccount,
  createFolder,
  enableDirectory,
  policyDoc,
  rootKeyOf,
  standaloneAccount,
  userWithPolicy,
  type Directory,
} from "./fixtures.js";

let t: TestCloud;
let rd: Directory;
let production: string;
let development: string;
beforeAll(async () => {
  t = await startTestCloud();
  rd = await enableDirectory(t);
  production = await createFolder(t, "Production");
  development = await createFolder(t, "Development");
});
afterAll(() => t.close());

describe("CreateResourceAccount", () => {
  let accountId: string;

  it("creates a member in the named folder and answers the SDK's Account", async () => {
    const response = await t.rm().createResourceAccount(
      new Rm.CreateResourceAccountRequest({
        displayName: "web-prod",
        parentFolderId: production,
        accountNamePrefix: "web.prod",
      }),
    );
    const account = response.body?.account;
    accountId = account?.accountId ?? "";

    expect(accountId).toMatch(/^\d{16}$/);
    expect(account).toMatchObject({
      displayName: "web-prod",
      folderId: production,
      resourceDirectoryId: rd.directoryId,
      joinMethod: "created",
      type: "ResourceAccount",
      status: "CreateSuccess",
      accountName: `web.prod@${rd.directoryId.toLowerCase()}.aliyunid.com`,
    });
    expect(account?.joinTime).toBe(account?.modifyTime);
  });

  it("gives the member its ResourceDirectoryAccountAccessRole, trusted by the management account", async () => {
    const memberRoot = await rootKeyOf(t, accountId);

    const role = await t
      .ram(memberRoot)
      .getRole(new RamModule.GetRoleRequest({ roleName: "ResourceDirectoryAccountAccessRole" }));
    const policies = await t
      .ram(memberRoot)
      .listPoliciesForRole(
        new RamModule.ListPoliciesForRoleRequest({ roleName: "ResourceDirectoryAccountAccessRole" }),
      );

    expect(role.body?.role?.arn).toBe(accessRoleArn(accountId));
    const trust = JSON.parse(role.body?.role?.assumeRolePolicyDocument ?? "{}") as {
      Statement: { Principal: { RAM: string[] } }[];
    };
    expect(trust.Statement[0]?.Principal.RAM).toEqual([`acs:ram::${rd.managementAccountId}:root`]);
    expect(policies.body?.policies?.policy?.map((p) => `${p.policyType}/${p.policyName}`)).toEqual([
      "System/AdministratorAccess",
    ]);
  });

  it("lets a RAM user of the management account assume the role and act as the member", async () => {
    const operator = await userWithPolicy(t, "operator", policyDoc(allow("sts:AssumeRole")));

    const session = await assumeAccessRole(t, operator, accountId);
    const identity = await t.sts(session).getCallerIdentity();
    const vpcs = await t
      .vpc(session)
      .describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: "cn-hangzhou" }));

    expect(identity.body).toMatchObject({ accountId, identityType: "AssumedRoleUser" });
    // The member got its default network on creation.
    expect(vpcs.body?.vpcs?.vpc?.map((v) => v.isDefault)).toEqual([true]);
  });

  it("does not let another account assume the member's role", async () => {
    const other = await standaloneAccount(t, "outsider");
    const outsider = await userWithPolicy(t, "outsider-op", policyDoc(allow("sts:AssumeRole")), other);

    const err = await sdkError(
      t
        .sts(outsider)
        .assumeRole(
          new StsModule.AssumeRoleRequest({ roleArn: accessRoleArn(accountId), roleSessionName: "outsider" }),
        ),
    );

    expect(err.statusCode).toBe(403);
    expect(err.accessDeniedDetail?.PolicyType).toBe("AssumeRolePolicy");
  });

  it("keeps display names unique in the directory and account names too", async () => {
    const sameName = await sdkError(
      t
        .rm()
        .createResourceAccount(
          new Rm.CreateResourceAccountRequest({ displayName: "web-prod", parentFolderId: development }),
        ),
    );
    const samePrefix = await sdkError(
      t
        .rm()
        .createResourceAccount(
          new Rm.CreateResourceAccountRequest({ displayName: "other", accountNamePrefix: "web.prod" }),
        ),
    );

    expect(sameName.code).toBe("InvalidParameter.Account.DisplayName.AlreadyUsed");
    expect(samePrefix.code).toBe("EntityAlreadyExists.ResourceDirectory.Account");
  });

  it("refuses bad parameters, and parameters it does not model instead of ignoring them", async () => {
    const create = (request: ConstructorParameters<typeof Rm.CreateResourceAccountRequest>[0]) =>
      sdkError(t.rm().createResourceAccount(new Rm.CreateResourceAccountRequest(request)));
    const cases: [Promise<{ code: string; message: string }>, string][] = [
      [create({}), "MissingParameter.Account.DisplayName"],
      [create({ displayName: "x" }), "InvalidParameter.Account.DisplayName.Length"],
      [create({ displayName: "bad/name" }), "InvalidParameter.Account.DisplayName"],
      [
        create({ displayName: "ok-name", accountNamePrefix: "a..b" }),
        "InvalidParameter.Account.AccountNamePrefix",
      ],
      [
        create({ displayName: "ok-name", accountNamePrefix: "a".repeat(38) }),
        "InvalidParameter.Account.AccountNamePrefix.Length",
      ],
      [create({ displayName: "ok-name", parentFolderId: "fd-nothere00" }), "EntityNotExists.Folder"],
      [
        create({
          displayName: "ok-name",
          tag: [new Rm.CreateResourceAccountRequestTag({ key: "team", value: "a" })],
        }),
        "InvalidParameter",
      ],
      [create({ displayName: "ok-name", payerAccountId: "1234" }), "InvalidParameter"],
    ];
    for (const [call, code] of cases) expect((await call).code).toBe(code);
    expect((await cases[6]![0]).message).toContain("Tag.1.Key");
    const names = (
      await t.rm().listAccounts(new Rm.ListAccountsRequest({ pageSize: 100 }))
    ).body?.accounts?.account?.map((a) => a.displayName);
    expect(names).not.toContain("ok-name");
  });
});

describe("reading and moving members", () => {
  let alpha: string;
  let beta: string;
  beforeAll(async () => {
    alpha = await createAccount(t, "alpha", development);
    beta = await createAccount(t, "beta", development);
  });

  it("answers GetAccount with the RD path, and Tags only when asked", async () => {
    const plain = await t.rm().getAccount(new Rm.GetAccountRequest({ accountId: alpha }));
    const tagged = await t.rm().getAccount(new Rm.GetAccountRequest({ accountId: alpha, includeTags: true }));

    expect(plain.body?.account).toMatchObject({
      accountId: alpha,
      displayName: "alpha",
      folderId: development,
      resourceDirectoryPath: `${rd.directoryId}/${rd.rootFolderId}/${development}/${alpha}`,
    });
    expect(plain.body?.account?.tags).toBeUndefined();
    expect(tagged.body?.account?.tags).toEqual([]);
  });

  it("refuses unknown and malformed account ids", async () => {
    expect(
      (await sdkError(t.rm().getAccount(new Rm.GetAccountRequest({ accountId: "1000000000000001" })))).code,
    ).toBe("EntityNotExists.Account");
    expect((await sdkError(t.rm().getAccount(new Rm.GetAccountRequest({ accountId: "alice" })))).code).toBe(
      "InvalidParameter.AccountId",
    );
    expect((await sdkError(t.rm().getAccount(new Rm.GetAccountRequest({})))).code).toBe(
      "MissingParameter.AccountId",
    );
  });

  it("lists every member, the management account included, in pages", async () => {
    const first = await t.rm().listAccounts(new Rm.ListAccountsRequest({ pageSize: 2, pageNumber: 1 }));
    const all = await t.rm().listAccounts(new Rm.ListAccountsRequest({ pageSize: 100, includeTags: true }));

    const ids = all.body?.accounts?.account?.map((a) => a.accountId) ?? [];
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining([rd.managementAccountId, alpha, beta]));
    expect(all.body?.totalCount).toBe(ids.length);
    expect(first.body?.accounts?.account).toHaveLength(2);
    expect(first.body).toMatchObject({ pageNumber: 1, pageSize: 2, totalCount: ids.length });
    const management = all.body?.accounts?.account?.find((a) => a.accountId === rd.managementAccountId);
    expect(management).toMatchObject({
      folderId: rd.rootFolderId,
      type: "CloudAccount",
      joinMethod: "invited",
    });
    expect(management?.tags?.tag).toEqual([]);
    const tagFilter = await sdkError(
      t
        .rm()
        .listAccounts(
          new Rm.ListAccountsRequest({ tag: [new Rm.ListAccountsRequestTag({ key: "k", value: "v" })] }),
        ),
    );
    expect(tagFilter.code).toBe("InvalidParameter");
  });

  it("lists the members of one folder, narrowed by a keyword", async () => {
    const inDev = await t
      .rm()
      .listAccountsForParent(new Rm.ListAccountsForParentRequest({ parentFolderId: development }));
    const keyword = await t
      .rm()
      .listAccountsForParent(
        new Rm.ListAccountsForParentRequest({ parentFolderId: development, queryKeyword: "BET" }),
      );
    const inRoot = await t.rm().listAccountsForParent(new Rm.ListAccountsForParentRequest({}));

    expect(inDev.body?.accounts?.account?.map((a) => a.displayName).sort()).toEqual(["alpha", "beta"]);
    expect(keyword.body?.accounts?.account?.map((a) => a.accountId)).toEqual([beta]);
    expect(inRoot.body?.accounts?.account?.map((a) => a.accountId)).toEqual([rd.managementAccountId]);
  });

  it("moves a member to another folder", async () => {
    await t.rm().moveAccount(new Rm.MoveAccountRequest({ accountId: beta, destinationFolderId: production }));

    const moved = await t.rm().getAccount(new Rm.GetAccountRequest({ accountId: beta }));
    expect(moved.body?.account?.folderId).toBe(production);
    const inDev = await t
      .rm()
      .listAccountsForParent(new Rm.ListAccountsForParentRequest({ parentFolderId: development }));
    expect(inDev.body?.accounts?.account?.map((a) => a.accountId)).toEqual([alpha]);
    const errors = [
      await sdkError(
        t
          .rm()
          .moveAccount(new Rm.MoveAccountRequest({ accountId: beta, destinationFolderId: "fd-nothere00" })),
      ),
      await sdkError(
        t
          .rm()
          .moveAccount(
            new Rm.MoveAccountRequest({ accountId: "1000000000000001", destinationFolderId: production }),
          ),
      ),
      await sdkError(t.rm().moveAccount(new Rm.MoveAccountRequest({ accountId: beta }))),
    ];
    expect(errors.map((e) => e.code)).toEqual([
      "EntityNotExists.Folder",
      "EntityNotExists.Account",
      "MissingParameter.DestinationFolderId",
    ]);
  });
});

describe("who may call the management APIs", () => {
  let member: string;
  beforeAll(async () => {
    member = await createAccount(t, "gamma", development);
  });

  it("refuses a member account, whoever in it calls", async () => {
    const root = await rootKeyOf(t, member);

    const listed = await sdkError(t.rm(root).listAccounts(new Rm.ListAccountsRequest({})));
    const folder = await sdkError(
      t.rm(root).createFolder(new Rm.CreateFolderRequest({ folderName: "Mine" })),
    );
    const enable = await sdkError(
      t
        .rm(root)
        .enableResourceDirectory(new Rm.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" })),
    );

    expect(listed.code).toBe("EntityNotExists.ResourceDirectory");
    expect(listed.message).toContain(`only its management account \`${rd.managementAccountId}\``);
    expect(folder.code).toBe("EntityNotExists.ResourceDirectory");
    expect(enable.code).toBe("NotSupport.AccountInAnotherResourceDirectory");
  });

  it("lets a member read the directory it belongs to", async () => {
    const root = await rootKeyOf(t, member);

    const response = await t.rm(root).getResourceDirectory();

    expect(response.body?.resourceDirectory).toMatchObject({
      resourceDirectoryId: rd.directoryId,
      masterAccountId: rd.managementAccountId,
    });
  });

  it("refuses a RAM user of the management account whose policies do not allow the action", async () => {
    const reader = await userWithPolicy(
      t,
      "rd-reader",
      policyDoc(allow(["resourcemanager:Get*", "resourcemanager:List*"])),
    );

    const listed = await t.rm(reader).listAccounts(new Rm.ListAccountsRequest({}));
    const err = await sdkError(
      t.rm(reader).createFolder(new Rm.CreateFolderRequest({ folderName: "ByReader" })),
    );

    expect(listed.body?.totalCount).toBeGreaterThan(0);
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe("NoPermission");
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "resourcemanager:CreateFolder",
      NoPermissionType: "ImplicitDeny",
    });
  });

  it("authorizes folder actions on the folder's RD path", async () => {
    // Given a user allowed to create folders only under Development
    const scoped = await userWithPolicy(
      t,
      "dev-admin",
      policyDoc(
        allow(
          "resourcemanager:CreateFolder",
          `acs:resourcemanager:*:*:folder/${rd.directoryId}/${rd.rootFolderId}/${development}`,
        ),
      ),
    );

    const inDev = await t
      .rm(scoped)
      .createFolder(new Rm.CreateFolderRequest({ folderName: "Team", parentFolderId: development }));
    const inProd = await sdkError(
      t
        .rm(scoped)
        .createFolder(new Rm.CreateFolderRequest({ folderName: "Team", parentFolderId: production })),
    );

    expect(inDev.body?.folder?.parentFolderId).toBe(development);
    expect(inProd.code).toBe("NoPermission");
  });
});
