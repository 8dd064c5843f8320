import {
  DEMO_COPY_REGION,
  DEMO_REGION,
  GOLDEN_TAGS,
  type DemoAccount,
  type DemoControlPolicy,
  type DemoFolder,
  type DemoImage,
  type DemoImageKind,
  type DemoInstance,
  type DemoOrganisation,
  type DemoPersona,
} from "./demo-organisation.js";
import {
  EXPLAIN_DENIALS_POLICY_DOCUMENT,
  GUARDRAIL_CONTROL_POLICY_DOCUMENT,
  SEED_POLICY_DOCUMENT,
} from "./demo-policies.js";
import {
  EcsModule,
  RamModule,
  ResourceManagerModule,
  StsModule,
  sdkClients,
  type SdkClients,
  type SeedCredentials,
} from "./sdk-clients.js";

// The demo organisation, built through the official SDKs as an administrator would build it:
//
//   management account (root)  enables the Resource Directory, creates `security-admin`
//   security-admin (RAM user)  folders, member accounts, control policies; reaches each member
//                              by AssumeRole into its ResourceDirectoryAccountAccessRole (Alibaba
//                              refuses AssumeRole to root identities)
//   Security/image-factory     build instances → golden images (CreateImage with Tag.N), one
//                              outdated and deprecated, one copied to cn-shanghai, shared
//   Production/app-*           instances from golden images, and legacy ones from system and
//                              untagged custom images; a `developer` user with the brief's policy
//   Development/dev-playground the same mix, and the same developer user
//
// The control policies come last: the legacy, non-compliant instances stand for what ran before
// the guardrail existed (with the Deny attached to Production they could not be launched at all).

const INSTANCE_TYPE = "ecs.g7.large";
const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const ALINUX = "aliyun_3_x64_20G_alibase_20240819.vhd";
const CENTOS = "centos_7_9_x64_20G_alibase_20240628.vhd";
const DEBIAN = "debian_12_6_x64_20G_alibase_20240823.vhd";

const ACCESS_ROLE = "resourcedirectoryaccountaccessrole";
const SESSION_NAME = "imageguard-demo-seed";
const SECURITY_ADMIN = "security-admin";
const DEVELOPER = "developer";
const DEVELOPER_POLICY = "golden-image-launch-only";
const GUARDRAIL_POLICY = "golden-image-guardrail";
const SEED_EXAMPLE_POLICY = "seed-example-allow-only";

const FOLDERS = ["Security", "Production", "Development"] as const;
type FolderName = (typeof FOLDERS)[number];

const MEMBERS: readonly { name: string; folder: FolderName; purpose: string }[] = [
  { name: "image-factory", folder: "Security", purpose: "builds, tags and shares the golden images" },
  { name: "app-storefront", folder: "Production", purpose: "production web shop" },
  { name: "app-payments", folder: "Production", purpose: "production payment services" },
  { name: "dev-playground", folder: "Development", purpose: "developers' experiments" },
];
const APP_ACCOUNTS = ["app-storefront", "app-payments", "dev-playground"];

const DEVELOPER_CAN =
  "launch instances only from images tagged environment=production (the brief's RAM policy); " +
  "no image tag changes; read-only ECS and VPC; may decode the diagnostic message of its own denials";

export interface BuildDemoOptions {
  /** `host:port` of the running local cloud. */
  readonly endpoint: string;
  readonly managementAccountId: string;
  readonly root: SeedCredentials;
  /** Called as each step begins (the seed records it, so a crash names its step). */
  readonly step: (name: string) => Promise<void>;
}

export interface DemoProfile {
  readonly name: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface BuiltDemo {
  readonly organisation: DemoOrganisation;
  /** The personas' AccessKeys (management root excluded: the cloud writes `default` itself). */
  readonly profiles: readonly DemoProfile[];
}

export async function buildDemo(options: BuildDemoOptions): Promise<BuiltDemo> {
  return new DemoBuilder(options).build();
}

/** The value an SDK response must carry; a missing one is a bug of the cloud, named here. */
function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === "") {
    throw new Error(`the local cloud's response lacked ${what}`);
  }
  return value;
}

class DemoBuilder {
  private readonly folders: DemoFolder[] = [];
  private readonly accounts: DemoAccount[] = [];
  private readonly controlPolicies: DemoControlPolicy[] = [];
  private readonly personas: DemoPersona[] = [];
  private readonly images: DemoImage[] = [];
  private readonly instances: DemoInstance[] = [];
  private readonly profiles: DemoProfile[] = [];
  private readonly sessions = new Map<string, SdkClients>();
  private readonly securityGroups = new Map<string, string>();
  /** The golden images the workloads launch from, once built. */
  private readonly golden = { ubuntu: "", alinux: "" };

  constructor(private readonly options: BuildDemoOptions) {}

  private clients(credentials: SeedCredentials, regionId = DEMO_REGION): SdkClients {
    return sdkClients(this.options.endpoint, credentials, regionId);
  }

  private accountId(name: string): string {
    return must(this.accounts.find((account) => account.name === name)?.accountId, `the account ${name}`);
  }

  private folderId(name: string): string {
    return must(this.folders.find((folder) => folder.name === name)?.folderId, `the folder ${name}`);
  }

  async build(): Promise<BuiltDemo> {
    const { step, managementAccountId, root } = this.options;
    const asRoot = this.clients(root);

    await step("enable the resource directory");
    const directory = must(
      (
        await asRoot.rm.enableResourceDirectory(
          new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
        )
      ).body?.resourceDirectory,
      "EnableResourceDirectory's ResourceDirectory",
    );
    const directoryId = must(directory.resourceDirectoryId, "the directory id");
    const rootFolderId = must(directory.rootFolderId, "the Root folder id");
    this.accounts.push({
      name: "management",
      accountId: managementAccountId,
      folder: "Root",
      purpose: "manages the resource directory and its control policies",
    });
    this.personas.push({
      profile: "default",
      accountName: "management",
      accountId: managementAccountId,
      principal: "root",
      accessKeyId: root.accessKeyId,
      can: "everything in the management account: the resource directory, control policies, RAM (control policies never apply to it)",
    });

    await step(`create the RAM user ${SECURITY_ADMIN} in the management account`);
    const adminKey = await this.createUser(asRoot, SECURITY_ADMIN, "Security administrator", [
      { policyType: "System", policyName: "AdministratorAccess" },
    ]);
    this.personas.push({
      profile: SECURITY_ADMIN,
      accountName: "management",
      accountId: managementAccountId,
      principal: `user/${SECURITY_ADMIN}`,
      accessKeyId: adminKey.accessKeyId,
      can: "AdministratorAccess in the management account; AssumeRole into ResourceDirectoryAccountAccessRole of every member",
    });
    this.profiles.push({ name: SECURITY_ADMIN, ...adminKey });
    const admin = this.clients(adminKey);

    await step("create the folders");
    for (const folderName of FOLDERS) {
      const folder = must(
        (await admin.rm.createFolder(new ResourceManagerModule.CreateFolderRequest({ folderName }))).body
          ?.folder?.folderId,
        `the folder id of ${folderName}`,
      );
      this.folders.push({ name: folderName, folderId: folder });
    }

    await step("create the member accounts");
    for (const member of MEMBERS) {
      const created = await admin.rm.createResourceAccount(
        new ResourceManagerModule.CreateResourceAccountRequest({
          displayName: member.name,
          accountNamePrefix: member.name,
          parentFolderId: this.folderId(member.folder),
        }),
      );
      this.accounts.push({
        name: member.name,
        accountId: must(created.body?.account?.accountId, `the account id of ${member.name}`),
        folder: member.folder,
        purpose: member.purpose,
      });
    }
    for (const member of MEMBERS) {
      await step(`assume ResourceDirectoryAccountAccessRole in ${member.name}`);
      await this.assumeAccessRole(admin, member.name);
    }

    await step("build the golden images in image-factory");
    await this.buildGoldenImages();

    await step("launch workloads in app-storefront");
    await this.storefront();
    await step("launch workloads in app-payments");
    await this.payments();
    await step("launch workloads in dev-playground");
    await this.playground();

    for (const account of APP_ACCOUNTS) {
      await step(`create the RAM user ${DEVELOPER} in ${account}`);
      const key = await this.createUser(this.session(account), DEVELOPER, "Application developer", [
        {
          policyType: "Custom",
          policyName: DEVELOPER_POLICY,
          document: SEED_POLICY_DOCUMENT,
          description: "The brief's RAM policy: launch only from images tagged environment=production",
        },
        {
          policyType: "Custom",
          policyName: "ExplainDenials",
          document: EXPLAIN_DENIALS_POLICY_DOCUMENT,
          description: "Open the diagnostic message of one's own denials",
        },
        { policyType: "System", policyName: "AliyunECSReadOnlyAccess" },
        { policyType: "System", policyName: "AliyunVPCReadOnlyAccess" },
      ]);
      const profile = `${account}-${DEVELOPER}`;
      this.personas.push({
        profile,
        accountName: account,
        accountId: this.accountId(account),
        principal: `user/${DEVELOPER}`,
        accessKeyId: key.accessKeyId,
        can: DEVELOPER_CAN,
      });
      this.profiles.push({ name: profile, ...key });
    }

    await step("enable and attach the control policies");
    await this.controlPoliciesOn(admin);

    return {
      organisation: {
        directoryId,
        rootFolderId,
        managementAccountId,
        folders: this.folders,
        accounts: this.accounts,
        controlPolicies: this.controlPolicies,
        personas: this.personas,
        images: this.images,
        instances: this.instances,
      },
      profiles: this.profiles,
    };
  }

  /** A RAM user with the given policies (a custom one is created first) and an AccessKey. */
  private async createUser(
    clients: SdkClients,
    userName: string,
    displayName: string,
    policies: readonly {
      policyType: "System" | "Custom";
      policyName: string;
      document?: string;
      description?: string;
    }[],
  ): Promise<SeedCredentials> {
    const { ram } = clients;
    await ram.createUser(new RamModule.CreateUserRequest({ userName, displayName }));
    for (const policy of policies) {
      if (policy.document !== undefined) {
        await ram.createPolicy(
          new RamModule.CreatePolicyRequest({
            policyName: policy.policyName,
            policyDocument: policy.document,
            ...(policy.description === undefined ? {} : { description: policy.description }),
          }),
        );
      }
      await ram.attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({
          policyType: policy.policyType,
          policyName: policy.policyName,
          userName,
        }),
      );
    }
    const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body
      ?.accessKey;
    return {
      accessKeyId: must(key?.accessKeyId, `the AccessKey id of ${userName}`),
      accessKeySecret: must(key?.accessKeySecret, `the AccessKey secret of ${userName}`),
    };
  }

  private async assumeAccessRole(admin: SdkClients, account: string): Promise<void> {
    const credentials = (
      await admin.sts.assumeRole(
        new StsModule.AssumeRoleRequest({
          roleArn: `acs:ram::${this.accountId(account)}:role/${ACCESS_ROLE}`,
          roleSessionName: SESSION_NAME,
        }),
      )
    ).body?.credentials;
    const session = {
      accessKeyId: must(credentials?.accessKeyId, "the session's AccessKey id"),
      accessKeySecret: must(credentials?.accessKeySecret, "the session's AccessKey secret"),
      securityToken: must(credentials?.securityToken, "the session's security token"),
    };
    this.sessions.set(account, this.clients(session));
    this.sessions.set(`${account}@${DEMO_COPY_REGION}`, this.clients(session, DEMO_COPY_REGION));
  }

  private session(account: string, regionId = DEMO_REGION): SdkClients {
    const key = regionId === DEMO_REGION ? account : `${account}@${regionId}`;
    return must(this.sessions.get(key), `a session in ${account}`);
  }

  private async securityGroup(account: string): Promise<string> {
    const known = this.securityGroups.get(account);
    if (known !== undefined) return known;
    const groups = (
      await this.session(account).ecs.describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({ regionId: DEMO_REGION, securityGroupName: "default" }),
      )
    ).body?.securityGroups?.securityGroup;
    const id = must(groups?.[0]?.securityGroupId, `the default security group of ${account}`);
    this.securityGroups.set(account, id);
    return id;
  }

  private async launch(
    account: string,
    instanceName: string,
    imageId: string,
    compliant: boolean,
    note: string,
  ): Promise<string> {
    const response = await this.session(account).ecs.runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: DEMO_REGION,
        imageId,
        instanceType: INSTANCE_TYPE,
        securityGroupId: await this.securityGroup(account),
        instanceName,
        amount: 1,
      }),
    );
    const instanceId = must(
      response.body?.instanceIdSets?.instanceIdSet?.[0],
      `the instance id of ${instanceName}`,
    );
    this.instances.push({
      instanceId,
      name: instanceName,
      account,
      regionId: DEMO_REGION,
      imageId,
      compliant,
      note,
    });
    return instanceId;
  }

  private async createImage(
    account: string,
    instanceId: string,
    fields: { name: string; description: string; family?: string; version?: string },
    kind: DemoImageKind,
  ): Promise<string> {
    const tagged = kind !== "untagged";
    const response = await this.session(account).ecs.createImage(
      new EcsModule.CreateImageRequest({
        regionId: DEMO_REGION,
        instanceId,
        imageName: fields.name,
        description: fields.description,
        ...(fields.family === undefined ? {} : { imageFamily: fields.family }),
        ...(fields.version === undefined ? {} : { imageVersion: fields.version }),
        ...(tagged ? { tag: GOLDEN_TAGS.map((tag) => new EcsModule.CreateImageRequestTag(tag)) } : {}),
      }),
    );
    const imageId = must(response.body?.imageId, `the image id of ${fields.name}`);
    this.images.push({
      imageId,
      name: fields.name,
      regionId: DEMO_REGION,
      owner: account,
      kind,
      sharedWith: [],
    });
    return imageId;
  }

  private async share(imageId: string, regionId: string, accounts: readonly string[]): Promise<void> {
    await this.session("image-factory", regionId).ecs.modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId,
        imageId,
        addAccount: accounts.map((name) => this.accountId(name)),
      }),
    );
    const index = this.images.findIndex((image) => image.imageId === imageId);
    const image = must(this.images[index], `the image ${imageId}`);
    this.images[index] = { ...image, sharedWith: [...image.sharedWith, ...accounts] };
  }

  private async buildGoldenImages(): Promise<void> {
    const factory = "image-factory";
    const ubuntuBuilder = await this.launch(
      factory,
      "builder-ubuntu",
      UBUNTU,
      false,
      "build instance: hardened Ubuntu, imaged into golden images",
    );
    const alinuxBuilder = await this.launch(
      factory,
      "builder-alinux",
      ALINUX,
      false,
      "build instance: hardened Alibaba Cloud Linux, imaged into a golden image",
    );

    // The local cloud stamps images with the time of the call and no API sets a creation time, so
    // "outdated" is said the way Alibaba lets an owner say it: the image is deprecated, which keeps
    // it out of new launches by family. Deprecation is refused on a shared image, so it never is.
    const outdated = await this.createImage(
      factory,
      ubuntuBuilder,
      {
        name: "golden-ubuntu-22.04-v1",
        description: "Outdated golden image, superseded by golden-ubuntu-22.04-v2 (unpatched OpenSSL)",
        family: "golden-ubuntu-22.04",
        version: "1",
      },
      "outdated-golden",
    );
    await this.session(factory).ecs.modifyImageAttribute(
      new EcsModule.ModifyImageAttributeRequest({
        regionId: DEMO_REGION,
        imageId: outdated,
        status: "Deprecated",
      }),
    );

    this.golden.ubuntu = await this.createImage(
      factory,
      ubuntuBuilder,
      {
        name: "golden-ubuntu-22.04-v2",
        description: "Golden image: hardened Ubuntu 22.04, maintained by the security team",
        family: "golden-ubuntu-22.04",
        version: "2",
      },
      "golden",
    );
    this.golden.alinux = await this.createImage(
      factory,
      alinuxBuilder,
      {
        name: "golden-alinux-3-v1",
        description: "Golden image: hardened Alibaba Cloud Linux 3, maintained by the security team",
        family: "golden-alinux-3",
        version: "1",
      },
      "golden",
    );

    const copied = must(
      (
        await this.session(factory).ecs.copyImage(
          new EcsModule.CopyImageRequest({
            regionId: DEMO_REGION,
            imageId: this.golden.ubuntu,
            destinationRegionId: DEMO_COPY_REGION,
            destinationImageName: "golden-ubuntu-22.04-v2",
            destinationDescription: `Copy of ${this.golden.ubuntu} from ${DEMO_REGION}`,
            tag: GOLDEN_TAGS.map((tag) => new EcsModule.CopyImageRequestTag(tag)),
          }),
        )
      ).body?.imageId,
      "the id of the copied image",
    );
    this.images.push({
      imageId: copied,
      name: "golden-ubuntu-22.04-v2",
      regionId: DEMO_COPY_REGION,
      owner: factory,
      kind: "golden",
      sharedWith: [],
    });

    await this.share(this.golden.ubuntu, DEMO_REGION, APP_ACCOUNTS);
    await this.share(this.golden.alinux, DEMO_REGION, APP_ACCOUNTS);
    await this.share(copied, DEMO_COPY_REGION, APP_ACCOUNTS);

    // Builders are stopped between builds, as a pipeline would leave them.
    for (const instanceId of [ubuntuBuilder, alinuxBuilder]) {
      await this.session(factory).ecs.stopInstance(new EcsModule.StopInstanceRequest({ instanceId }));
    }
  }

  private async storefront(): Promise<void> {
    const account = "app-storefront";
    await this.launch(account, "web-1", this.golden.ubuntu, true, "from the golden Ubuntu image");
    await this.launch(
      account,
      "web-2",
      this.golden.alinux,
      true,
      "from the golden Alibaba Cloud Linux image",
    );
    const legacy = await this.launch(
      account,
      "legacy-web",
      UBUNTU,
      false,
      "from Alibaba's public Ubuntu image, launched before the guardrail",
    );
    const untagged = await this.createImage(
      account,
      legacy,
      { name: "legacy-web-image", description: "Snapshot of legacy-web, never reviewed" },
      "untagged",
    );
    await this.launch(account, "batch-1", untagged, false, "from the untagged custom image legacy-web-image");
  }

  private async payments(): Promise<void> {
    const account = "app-payments";
    await this.launch(account, "payments-api-1", this.golden.ubuntu, true, "from the golden Ubuntu image");
    await this.launch(account, "payments-api-2", this.golden.ubuntu, true, "from the golden Ubuntu image");
    const worker = await this.launch(
      account,
      "payments-worker",
      CENTOS,
      false,
      "from Alibaba's public CentOS 7 image (end of life), launched before the guardrail",
    );
    await this.createImage(
      account,
      worker,
      { name: "payments-worker-hotfix", description: "Hand-patched worker image, never reviewed" },
      "untagged",
    );
  }

  private async playground(): Promise<void> {
    const account = "dev-playground";
    await this.launch(
      account,
      "dev-api",
      this.golden.alinux,
      true,
      "from the golden Alibaba Cloud Linux image",
    );
    const box = await this.launch(account, "dev-box", DEBIAN, false, "from Alibaba's public Debian image");
    const untagged = await this.createImage(
      account,
      box,
      { name: "dev-box-image", description: "A developer's own image" },
      "untagged",
    );
    await this.launch(
      account,
      "experiment-1",
      untagged,
      false,
      "from the untagged custom image dev-box-image",
    );
  }

  private async controlPoliciesOn(admin: SdkClients): Promise<void> {
    await admin.rm.enableControlPolicy();
    const attach = async (
      policyName: string,
      document: string,
      description: string,
      folder: FolderName,
      effect: string,
    ): Promise<void> => {
      const policyId = must(
        (
          await admin.rm.createControlPolicy(
            new ResourceManagerModule.CreateControlPolicyRequest({
              policyName,
              policyDocument: document,
              description,
            }),
          )
        ).body?.controlPolicy?.policyId,
        `the id of the control policy ${policyName}`,
      );
      await admin.rm.attachControlPolicy(
        new ResourceManagerModule.AttachControlPolicyRequest({ policyId, targetId: this.folderId(folder) }),
      );
      this.controlPolicies.push({ name: policyName, policyId, attachedTo: folder, effect });
    };
    await attach(
      GUARDRAIL_POLICY,
      GUARDRAIL_CONTROL_POLICY_DOCUMENT,
      "Deny launches from images without environment=production, and image tag changes",
      "Production",
      "denies launches from images not tagged environment=production, and any image tag change",
    );
    await attach(
      SEED_EXAMPLE_POLICY,
      SEED_POLICY_DOCUMENT,
      "The product brief's example: its Allow adds nothing to FullAliyunAccess, only its Deny on image tag changes acts",
      "Development",
      "the brief's example: its Allow restricts nothing while FullAliyunAccess stays attached (untagged launches still succeed); only its Deny on image tag changes acts",
    );
  }
}
