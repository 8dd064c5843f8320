// What the cloud answered → an organisation file's data (docs/org-format.md). Pure. The model is then
// made by buildOrgModel from this data, exactly as from a file, so the two sources cannot drift
// apart: one reader, one set of checks, one model. The same data written out (`--save-org`) is a
// file that reads back to the same model.
//
// Written for diffing two reads: nodes Root first then by path, principals by account (management
// first) then root identity, users and roles by name, every list sorted, policies by name.
//
// Policy names. An organisation file has one `policies` library for every account, while RAM
// policies belong to an account: two accounts may each have a custom policy `deploy` with different
// documents. A name is kept as it is when every account that uses it means the same policy (type,
// default version and document); otherwise each account's is written `NAME@ACCOUNT_ID`, which is
// also how decisions then name it.
import type { AttachedPolicy, ControlPolicyAttachment, Folder, MemberAccount } from "../../client/index.js";
import type {
  CloudDirectoryRead,
  CloudOrgRead,
  OrgDocument,
  OrgDocumentControlPolicy,
  OrgDocumentNode,
  OrgDocumentOptions,
  OrgDocumentPolicy,
  OrgDocumentPrincipal,
  PolicyDocumentValue,
} from "./types.js";

const FULL_ALIYUN_ACCESS = "FullAliyunAccess";

export interface OrgDocumentResult {
  readonly document: OrgDocument;
  /** What the data could not say as the cloud has it, for the user (lower case, one line each). */
  readonly notes: readonly string[];
}

export function orgDocumentFromCloud(
  read: CloudOrgRead,
  options: OrgDocumentOptions = {},
): OrgDocumentResult {
  const notes: string[] = [];
  const includeRoot = options.includeRootIdentities !== false;
  const library = new PolicyLibrary();
  const accounts = [...read.accounts].sort(
    (a, b) =>
      Number(b.management) - Number(a.management) ||
      compare(a.name, b.name) ||
      compare(a.accountId, b.accountId),
  );

  // Every use of every policy first, so names can be chosen knowing all of them.
  for (const account of accounts) {
    if (!account.ok) continue;
    const { users, groups, roles } = account.principals;
    for (const policy of [...users, ...groups, ...roles].flatMap((p) => p.policies)) {
      library.use(account.accountId, policy);
    }
  }

  const principals: OrgDocumentPrincipal[] = [];
  for (const account of accounts) {
    if (!account.ok) continue;
    const key = (policy: AttachedPolicy) => library.key(account.accountId, policy);
    const keys = (policies: readonly AttachedPolicy[]) => policies.map(key).sort(compare);
    const groupPolicies = new Map(account.principals.groups.map((g) => [g.groupName, keys(g.policies)]));
    if (includeRoot) principals.push({ type: "RootAccount", accountId: account.accountId });
    for (const user of [...account.principals.users].sort((a, b) => compare(a.userName, b.userName))) {
      const groups = [...user.groups].sort(compare);
      const policies = keys(user.policies);
      principals.push({
        type: "RamUser",
        accountId: account.accountId,
        name: user.userName,
        ...(policies.length === 0 ? {} : { policies }),
        ...(groups.length === 0
          ? {}
          : { groups: Object.fromEntries(groups.map((g) => [g, groupPolicies.get(g) ?? []])) }),
      });
    }
    for (const role of [...account.principals.roles].sort((a, b) => compare(a.roleName, b.roleName))) {
      const policies = keys(role.policies);
      principals.push({
        type: "AssumedRole",
        accountId: account.accountId,
        name: role.roleName,
        ...(policies.length === 0 ? {} : { policies }),
      });
    }
  }

  const directory = read.directory === undefined ? undefined : directoryData(read.directory, notes);
  const policies = library.entries();
  const document: OrgDocument = {
    name:
      read.directory === undefined
        ? `account ${read.caller.accountId}`
        : `resource directory ${read.directory.directoryId}`,
    ...(Object.keys(policies).length === 0 ? {} : { policies }),
    ...(directory === undefined || Object.keys(directory.controlPolicies).length === 0
      ? {}
      : { controlPolicies: directory.controlPolicies }),
    ...(directory === undefined ? {} : { directory: directory.data }),
    principals,
  };
  return { document, notes: [...new Set(notes)] };
}

function directoryData(
  directory: CloudDirectoryRead,
  notes: string[],
): {
  data: NonNullable<OrgDocument["directory"]>;
  controlPolicies: Record<string, OrgDocumentControlPolicy>;
} {
  const enabled = directory.controlPolicyStatus === "Enabled";
  if (!enabled) {
    notes.push(
      `control policies are \`${directory.controlPolicyStatus}\` in resource directory \`${directory.directoryId}\`: none applies, so none is read`,
    );
  }
  const byId = new Map(directory.controlPolicies.map((policy) => [policy.policyId, policy]));
  const controlPolicies: Record<string, OrgDocumentControlPolicy> = {};
  const nodeFields = (targetId: string): Pick<OrgDocumentNode, "attach" | "detach"> => {
    if (!enabled) return {};
    const attached = directory.attachments[targetId] ?? [];
    const attach: string[] = [];
    for (const attachment of attached) {
      if (isFullAliyunAccess(attachment)) continue;
      const policy = byId.get(attachment.policyId);
      if (policy === undefined) continue;
      if (policy.policyType === "System") {
        notes.push(
          `system control policy \`${policy.policyName}\` is written as a custom one: the organisation format builds in FullAliyunAccess only`,
        );
      }
      controlPolicies[policy.policyName] = {
        effectScope: policy.effectScope === "All" ? "All" : "RAM",
        document: documentValue(policy.document),
      };
      attach.push(policy.policyName);
    }
    attach.sort(compare);
    const detached = !attached.some(isFullAliyunAccess);
    return {
      ...(attach.length === 0 ? {} : { attach }),
      ...(detached ? { detach: [FULL_ALIYUN_ACCESS] } : {}),
    };
  };

  const root = directory.folders.find((f) => f.folderId === directory.rootFolderId);
  const folders = directory.folders.filter((f) => f.folderId !== directory.rootFolderId);
  const nodes: OrgDocumentNode[] = [
    {
      id: directory.rootFolderId,
      type: "Root",
      name: root?.name ?? "Root",
      ...nodeFields(directory.rootFolderId),
    },
    ...[...folders].sort(byPath).map((folder): OrgDocumentNode => ({
      id: folder.folderId,
      type: "Folder",
      name: folder.name,
      parent: folder.parentFolderId ?? directory.rootFolderId,
      ...nodeFields(folder.folderId),
    })),
    ...[...directory.accounts].sort(byFolderAndName).map((account): OrgDocumentNode => ({
      id: account.accountId,
      type: "Account",
      name: account.displayName,
      parent: account.folderId,
      ...nodeFields(account.accountId),
    })),
  ];
  return {
    data: { managementAccountId: directory.managementAccountId, controlPoliciesEnabled: enabled, nodes },
    controlPolicies: Object.fromEntries(Object.entries(controlPolicies).sort(([a], [b]) => compare(a, b))),
  };
}

function isFullAliyunAccess(attachment: ControlPolicyAttachment): boolean {
  return attachment.policyType === "System" && attachment.policyName === FULL_ALIYUN_ACCESS;
}

/**
 * The `policies` library: one entry per distinct policy, named as the cloud names it unless accounts
 * mean different policies by one name.
 */
class PolicyLibrary {
  /** name → variant signature → the accounts using it and the entry. */
  private readonly byName = new Map<
    string,
    Map<string, { accounts: Set<string>; entry: OrgDocumentPolicy }>
  >();

  use(accountId: string, policy: AttachedPolicy): void {
    let variants = this.byName.get(policy.policyName);
    if (variants === undefined) {
      variants = new Map();
      this.byName.set(policy.policyName, variants);
    }
    const signature = signatureOf(policy);
    let variant = variants.get(signature);
    if (variant === undefined) {
      variant = {
        accounts: new Set(),
        entry: {
          type: policy.policyType,
          version: policy.defaultVersion === "" ? "v1" : policy.defaultVersion,
          document: documentValue(policy.document),
        },
      };
      variants.set(signature, variant);
    }
    variant.accounts.add(accountId);
  }

  key(accountId: string, policy: AttachedPolicy): string {
    const variants = this.byName.get(policy.policyName);
    return variants === undefined || variants.size <= 1
      ? policy.policyName
      : `${policy.policyName}@${accountId}`;
  }

  entries(): Record<string, OrgDocumentPolicy> {
    const out: [string, OrgDocumentPolicy][] = [];
    for (const [name, variants] of this.byName) {
      if (variants.size === 1) {
        out.push([name, [...variants.values()][0]?.entry as OrgDocumentPolicy]);
        continue;
      }
      for (const variant of variants.values()) {
        for (const accountId of variant.accounts) out.push([`${name}@${accountId}`, variant.entry]);
      }
    }
    return Object.fromEntries(out.sort(([a], [b]) => compare(a, b)));
  }
}

function signatureOf(policy: AttachedPolicy): string {
  return `${policy.policyType}\u0000${policy.defaultVersion}\u0000${policy.document}`;
}

/** The parsed JSON object, so a saved file reads (and diffs) as YAML; the text when it is not an object. */
function documentValue(text: string): PolicyDocumentValue {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Readonly<Record<string, unknown>>;
    }
  } catch {
    // Not JSON: kept as text, so buildOrgModel reports what is wrong with it, at its position.
  }
  return text;
}

function byPath(a: Folder, b: Folder): number {
  return compare(a.path, b.path);
}

function byFolderAndName(a: MemberAccount, b: MemberAccount): number {
  return (
    compare(a.folderPath, b.folderPath) ||
    compare(a.displayName, b.displayName) ||
    compare(a.accountId, b.accountId)
  );
}

/** Code-point order: the same in every locale, so two reads of one organisation write the same file. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
