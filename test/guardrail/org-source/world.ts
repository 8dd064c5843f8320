// A small organisation defined once as data, then (1) built in a real local cloud through the
// official SDKs, as an administrator would build it, and (2) written as an organisation file by
// hand from the same definitions — so a test can compare what the reader makes of the cloud with
// what the file says, without the reader writing both sides.
import type { TestCloud, Credentials } from "../../cloud/harness.js";
import { RamModule, ResourceManagerModule, StsModule } from "../../cloud/harness.js";

type Doc = { readonly Version: "1"; readonly Statement: readonly Record<string, unknown>[] };

const ADMIN: Doc = { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const ECS_OPERATOR: Doc = { Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }] };
const DEPLOY_V1: Doc = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }],
};
const DEPLOY_V2: Doc = {
  Version: "1",
  Statement: [
    { Effect: "Allow", Action: ["ecs:RunInstances", "ecs:Describe*"], Resource: "*" },
    { Effect: "Deny", Action: "ecs:TagResources", Resource: "acs:ecs:*:*:image/*" },
  ],
};
const SANDBOX_DEPLOY: Doc = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "ecs:RunInstances", Resource: "*" }],
};
const DENY_UNTAGGED: Doc = {
  Version: "1",
  Statement: [
    {
      Sid: "DenyUntagged",
      Effect: "Deny",
      Action: ["ecs:RunInstances", "ecs:CreateInstance"],
      Resource: "acs:ecs:*:*:image/*",
      Condition: { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
    },
  ],
};
const SANDBOX_READ_ONLY: Doc = {
  Version: "1",
  Statement: [
    { Effect: "Allow", Action: ["ecs:Describe*", "ram:*", "actiontrail:LookupEvents"], Resource: "*" },
  ],
};

interface PolicyDef {
  readonly name: string;
  /** Custom policies are created in the account; a second document becomes version v2. */
  readonly versions?: readonly Doc[];
}

interface AccountDef {
  readonly name: string;
  readonly folder: "Production" | "Sandbox";
  readonly policies: readonly PolicyDef[];
  readonly groups: readonly { readonly name: string; readonly policies: readonly string[] }[];
  readonly users: readonly {
    readonly name: string;
    readonly policies: readonly string[];
    readonly groups: readonly string[];
  }[];
  readonly roles: readonly { readonly name: string; readonly policies: readonly string[] }[];
}

/** The definitions. `deploy` means different policies in prod-data and sandbox. */
export const WORLD: readonly AccountDef[] = [
  {
    name: "prod-app",
    folder: "Production",
    policies: [{ name: "EcsOperator", versions: [ECS_OPERATOR] }],
    groups: [{ name: "developers", policies: ["EcsOperator"] }],
    users: [
      { name: "alice", policies: ["AdministratorAccess"], groups: [] },
      { name: "bob", policies: [], groups: ["developers"] },
      { name: "frank", policies: [], groups: [] },
    ],
    roles: [{ name: "image-pipeline", policies: ["AdministratorAccess"] }],
  },
  {
    name: "prod-data",
    folder: "Production",
    policies: [
      { name: "EcsOperator", versions: [ECS_OPERATOR] },
      { name: "deploy", versions: [DEPLOY_V1, DEPLOY_V2] },
    ],
    groups: [{ name: "developers", policies: ["EcsOperator"] }],
    users: [
      { name: "carol", policies: ["deploy"], groups: [] },
      { name: "dave", policies: [], groups: ["developers"] },
    ],
    roles: [],
  },
  {
    name: "sandbox",
    folder: "Sandbox",
    policies: [{ name: "deploy", versions: [SANDBOX_DEPLOY] }],
    groups: [],
    users: [{ name: "erin", policies: ["deploy"], groups: [] }],
    roles: [],
  },
];

const CONTROL_POLICIES = { DenyUntaggedLaunch: DENY_UNTAGGED, SandboxReadOnly: SANDBOX_READ_ONLY };

export interface BuiltWorld {
  readonly managementAccountId: string;
  readonly rootFolderId: string;
  readonly folders: Readonly<Record<"Production" | "Sandbox", string>>;
  /** Account ids by name. */
  readonly accounts: Readonly<Record<string, string>>;
  readonly admin: Credentials;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the cloud's answer lacked ${what}`);
  return value;
}

/** Builds the world in a fresh cloud (no seed) and returns its ids and the security admin's keys. */
export async function buildWorld(t: TestCloud): Promise<BuiltWorld> {
  const root = t.root;
  const managementAccountId = t.cloud.managementAccount.accountId;
  const directory = must(
    (
      await t
        .rm(root)
        .enableResourceDirectory(
          new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
        )
    ).body?.resourceDirectory,
    "the directory",
  );
  const rootFolderId = must(directory.rootFolderId, "the root folder");
  const admin = await createUser(t, root, "security-admin", [
    { type: "System", name: "AdministratorAccess" },
  ]);
  const rm = t.rm(admin);
  const folders = { Production: "", Sandbox: "" };
  for (const name of ["Production", "Sandbox"] as const) {
    folders[name] = must(
      (await rm.createFolder(new ResourceManagerModule.CreateFolderRequest({ folderName: name }))).body
        ?.folder?.folderId,
      `folder ${name}`,
    );
  }
  const accounts: Record<string, string> = {};
  for (const account of WORLD) {
    accounts[account.name] = must(
      (
        await rm.createResourceAccount(
          new ResourceManagerModule.CreateResourceAccountRequest({
            displayName: account.name,
            accountNamePrefix: account.name,
            parentFolderId: folders[account.folder],
          }),
        )
      ).body?.account?.accountId,
      `account ${account.name}`,
    );
  }

  await rm.enableControlPolicy();
  const ids: Record<string, string> = {};
  for (const [name, document] of Object.entries(CONTROL_POLICIES)) {
    ids[name] = must(
      (
        await rm.createControlPolicy(
          new ResourceManagerModule.CreateControlPolicyRequest({
            policyName: name,
            policyDocument: JSON.stringify(document),
          }),
        )
      ).body?.controlPolicy?.policyId,
      `control policy ${name}`,
    );
  }
  const attach = (policyId: string, targetId: string) =>
    rm.attachControlPolicy(new ResourceManagerModule.AttachControlPolicyRequest({ policyId, targetId }));
  await attach(ids["DenyUntaggedLaunch"] as string, folders.Production);
  await attach(ids["SandboxReadOnly"] as string, folders.Sandbox);
  const system = (
    await rm.listControlPolicies(
      new ResourceManagerModule.ListControlPoliciesRequest({ policyType: "System" }),
    )
  ).body?.controlPolicies?.controlPolicy;
  const fullAliyunAccess = must(
    system?.find((p) => p.policyName === "FullAliyunAccess")?.policyId,
    "FullAliyunAccess",
  );
  await rm.detachControlPolicy(
    new ResourceManagerModule.DetachControlPolicyRequest({
      policyId: fullAliyunAccess,
      targetId: folders.Sandbox,
    }),
  );

  for (const account of WORLD) {
    const session = await assumeAccessRole(t, admin, accounts[account.name] as string);
    const ram = t.ram(session);
    for (const policy of account.policies) {
      const [first, ...later] = policy.versions ?? [];
      await ram.createPolicy(
        new RamModule.CreatePolicyRequest({ policyName: policy.name, policyDocument: JSON.stringify(first) }),
      );
      for (const next of later) {
        await ram.createPolicyVersion(
          new RamModule.CreatePolicyVersionRequest({
            policyName: policy.name,
            policyDocument: JSON.stringify(next),
            setAsDefault: true,
          }),
        );
      }
    }
    const ref = (name: string) => ({
      policyName: name,
      policyType: account.policies.some((p) => p.name === name) ? "Custom" : "System",
    });
    for (const group of account.groups) {
      await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: group.name }));
      for (const name of group.policies) {
        await ram.attachPolicyToGroup(
          new RamModule.AttachPolicyToGroupRequest({ ...ref(name), groupName: group.name }),
        );
      }
    }
    for (const user of account.users) {
      await ram.createUser(new RamModule.CreateUserRequest({ userName: user.name }));
      for (const name of user.policies) {
        await ram.attachPolicyToUser(
          new RamModule.AttachPolicyToUserRequest({ ...ref(name), userName: user.name }),
        );
      }
      for (const group of user.groups) {
        await ram.addUserToGroup(
          new RamModule.AddUserToGroupRequest({ userName: user.name, groupName: group }),
        );
      }
    }
    for (const role of account.roles) {
      await ram.createRole(
        new RamModule.CreateRoleRequest({
          roleName: role.name,
          assumeRolePolicyDocument: JSON.stringify({
            Version: "1",
            Statement: [
              {
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { RAM: [`acs:ram::${managementAccountId}:root`] },
              },
            ],
          }),
        }),
      );
      for (const name of role.policies) {
        await ram.attachPolicyToRole(
          new RamModule.AttachPolicyToRoleRequest({ ...ref(name), roleName: role.name }),
        );
      }
    }
  }
  return { managementAccountId, rootFolderId, folders, accounts, admin };
}

async function createUser(
  t: TestCloud,
  as: Credentials,
  userName: string,
  policies: readonly { type: "System" | "Custom"; name: string }[],
): Promise<Credentials> {
  const ram = t.ram(as);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  for (const policy of policies) {
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ policyType: policy.type, policyName: policy.name, userName }),
    );
  }
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body?.accessKey;
  return {
    accessKeyId: must(key?.accessKeyId, "the AccessKey id"),
    accessKeySecret: must(key?.accessKeySecret, "the AccessKey secret"),
  };
}

export async function assumeAccessRole(
  t: TestCloud,
  as: Credentials,
  accountId: string,
): Promise<Credentials> {
  const credentials = (
    await t.sts(as).assumeRole(
      new StsModule.AssumeRoleRequest({
        roleArn: `acs:ram::${accountId}:role/resourcedirectoryaccountaccessrole`,
        roleSessionName: "org-source-test",
      }),
    )
  ).body?.credentials;
  return {
    accessKeyId: must(credentials?.accessKeyId, "the session's AccessKey id"),
    accessKeySecret: must(credentials?.accessKeySecret, "the session's secret"),
    securityToken: must(credentials?.securityToken, "the session's token"),
  };
}

/**
 * The same definitions as an organisation file (JSON, which the format reads as YAML), written
 * from the definitions and the ids the cloud gave — not from anything the reader produced.
 */
export function orgFileFor(world: BuiltWorld): string {
  const policies: Record<string, unknown> = {
    AdministratorAccess: { type: "System", document: ADMIN },
  };
  const customKey = (account: AccountDef, name: string): string => {
    const everywhere = WORLD.filter((a) => a.policies.some((p) => p.name === name)).map(
      (a) => a.policies.find((p) => p.name === name)?.versions,
    );
    const same = everywhere.every((versions) => JSON.stringify(versions) === JSON.stringify(everywhere[0]));
    return same ? name : `${name}@${world.accounts[account.name]}`;
  };
  for (const account of WORLD) {
    for (const policy of account.policies) {
      const versions = policy.versions ?? [];
      policies[customKey(account, policy.name)] = {
        version: `v${versions.length}`,
        document: versions[versions.length - 1],
      };
    }
  }
  const key = (account: AccountDef, name: string) =>
    account.policies.some((p) => p.name === name) ? customKey(account, name) : name;

  const principals: unknown[] = [
    { type: "RootAccount", accountId: world.managementAccountId },
    {
      type: "RamUser",
      accountId: world.managementAccountId,
      name: "security-admin",
      policies: ["AdministratorAccess"],
    },
  ];
  for (const account of WORLD) {
    const accountId = world.accounts[account.name];
    principals.push({ type: "RootAccount", accountId });
    for (const user of account.users) {
      principals.push({
        type: "RamUser",
        accountId,
        name: user.name,
        policies: user.policies.map((name) => key(account, name)),
        groups: Object.fromEntries(
          user.groups.map((group) => [
            group,
            (account.groups.find((g) => g.name === group)?.policies ?? []).map((name) => key(account, name)),
          ]),
        ),
      });
    }
    for (const role of [
      ...account.roles,
      // Resource Directory creates it in every member it creates.
      { name: "ResourceDirectoryAccountAccessRole", policies: ["AdministratorAccess"] },
    ]) {
      principals.push({
        type: "AssumedRole",
        accountId,
        name: role.name,
        policies: role.policies.map((n) => key(account, n)),
      });
    }
  }
  return JSON.stringify({
    name: "the world, from its definitions",
    policies,
    controlPolicies: {
      DenyUntaggedLaunch: { document: DENY_UNTAGGED },
      SandboxReadOnly: { document: SANDBOX_READ_ONLY },
    },
    directory: {
      managementAccountId: world.managementAccountId,
      nodes: [
        { id: world.rootFolderId, type: "Root", name: "Root" },
        {
          id: world.folders.Production,
          type: "Folder",
          name: "Production",
          parent: world.rootFolderId,
          attach: ["DenyUntaggedLaunch"],
        },
        {
          id: world.folders.Sandbox,
          type: "Folder",
          name: "Sandbox",
          parent: world.rootFolderId,
          attach: ["SandboxReadOnly"],
          detach: ["FullAliyunAccess"],
        },
        { id: world.managementAccountId, type: "Account", name: "management", parent: world.rootFolderId },
        ...WORLD.map((account) => ({
          id: world.accounts[account.name],
          type: "Account",
          name: account.name,
          parent: world.folders[account.folder],
        })),
      ],
    },
    principals,
  });
}
