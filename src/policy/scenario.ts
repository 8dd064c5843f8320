// A scenario file as data → the world one request is decided in (docs/scenario-format.md). Pure: the
// caller reads and parses the file; every problem is reported at once, with the path of the field.
import { FULL_ALIYUN_ACCESS } from "./chain.js";
import { makeContext } from "./context-key.js";
import { parsePolicy, policyFromObject } from "./parse.js";
import { ScenarioReader, isPlainObject } from "./scenario-reader.js";
import type { Fields } from "./scenario-reader.js";
import type {
  AuthRequest,
  ChainInput,
  ContextValue,
  ControlPolicyAttachment,
  EffectScope,
  NamedPolicy,
  PolicyKind,
  PrincipalInfo,
  PrincipalType,
  Problem,
  RdNode,
  ValidatedPolicy,
} from "./types.js";
import { itemPath, memberPath } from "./validate/path.js";
import { closestName } from "./validate/suggest.js";

export interface Scenario {
  readonly name?: string;
  readonly chain: ChainInput;
  readonly request: AuthRequest;
  /** The target role's trust policy, for `sts:AssumeRole` requests. */
  readonly trust?: NamedPolicy;
  /** Who makes the request (the chain's principal; the caller a trust policy must admit). */
  readonly caller: PrincipalInfo;
}

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly problems: Problem[] }
  | { readonly ok: false; readonly problems: Problem[] };

/** Alibaba Cloud limits the scenario enforces. */
const MAX_GROUPS_PER_USER = 5;
const MAX_FOLDER_LEVELS = 5;
const MAX_CONTROL_POLICIES_PER_NODE = 10;

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["RootAccount", "RamUser", "AssumedRole"];
const NODE_TYPES: readonly RdNode["type"][] = ["Root", "Folder", "Account"];
const EFFECT_SCOPES: readonly EffectScope[] = ["RAM", "All"];
const POLICY_TYPES: readonly ("Custom" | "System")[] = ["Custom", "System"];

export function buildScenario(doc: unknown): ScenarioResult {
  const reader = new ScenarioReader();
  const top = reader.object(doc, "", [
    "name",
    "policies",
    "controlPolicies",
    "directory",
    "principal",
    "sessionPolicy",
    "request",
  ]);
  if (top === undefined) return { ok: false, problems: reader.problems };

  const name = reader.string(top, "name", "");
  const policies = new PolicyLibrary(reader, top["policies"]);
  const controlPolicies = readControlPolicies(reader, top["controlPolicies"]);
  const principal = readPrincipal(reader, top["principal"], policies);
  const directory =
    top["directory"] === undefined ? undefined : readDirectory(reader, top["directory"], controlPolicies);
  const request = readRequest(reader, top["request"], policies);

  let sessionPolicy: NamedPolicy | undefined;
  if (top["sessionPolicy"] !== undefined) {
    if (principal !== undefined && principal.info.type !== "AssumedRole") {
      reader.notApplicable(
        top,
        "sessionPolicy",
        "",
        "to a principal that is not a role session (`AssumedRole`)",
      );
    } else {
      const policyName = reader.string(top, "sessionPolicy", "", true);
      if (policyName !== undefined) sessionPolicy = policies.use(policyName, "sessionPolicy", "session");
    }
  }

  let placement: Pick<ChainInput, "managementAccount" | "controlPolicyPath"> = {};
  if (directory !== undefined && principal !== undefined) {
    placement = placeAccount(reader, directory, principal.info.accountId);
  }
  // Unused definitions are worth a warning only once the rest reads: a broken reference or
  // principal would otherwise make every policy look unused.
  if (!reader.hasErrors) {
    policies.reportUnused();
    reportUnusedControlPolicies(reader, controlPolicies, directory);
  }

  if (reader.hasErrors || principal === undefined || request === undefined)
    return { ok: false, problems: reader.problems };
  const chain: ChainInput = {
    principal: principal.info,
    ...placement,
    ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
    identityPolicies: principal.policies,
  };
  const scenario: Scenario = {
    ...(name === undefined ? {} : { name }),
    chain,
    request: request.request,
    ...(request.trust === undefined ? {} : { trust: request.trust }),
    caller: principal.info,
  };
  return { ok: true, scenario, problems: reader.problems };
}

// ---------------------------------------------------------------------------------------------
// Policies

/**
 * The `policies` mapping. A document is validated as the kind its use implies (identity, session or
 * trust policy), once per kind, so a policy used two ways is checked against both grammars.
 */
class PolicyLibrary {
  private readonly entries: Fields;
  private readonly parsed = new Map<string, NamedPolicy | undefined>();
  private readonly used = new Set<string>();

  constructor(
    private readonly reader: ScenarioReader,
    value: unknown,
  ) {
    this.entries = value === undefined ? {} : (reader.map(value, "policies") ?? {});
  }

  /** The named policy for a reference at `refPath`, or undefined after reporting why not. */
  use(name: string, refPath: string, kind: PolicyKind, attachedTo?: string): NamedPolicy | undefined {
    const entry = this.entries[name];
    if (entry === undefined) {
      const suggestion = closestName(name, Object.keys(this.entries));
      this.reader.error(
        "undefined-policy",
        refPath,
        `policy \`${name}\` is not defined`,
        suggestion === undefined ? `define it under \`policies\`` : `did you mean \`${suggestion}\`?`,
      );
      return undefined;
    }
    this.used.add(name);
    const key = `${kind}\u0000${name}`;
    if (!this.parsed.has(key)) this.parsed.set(key, this.read(name, entry, kind));
    const policy = this.parsed.get(key);
    return policy === undefined || attachedTo === undefined ? policy : { ...policy, attachedTo };
  }

  reportUnused(): void {
    for (const name of Object.keys(this.entries)) {
      if (!this.used.has(name)) {
        this.reader.warning(
          "unused-policy",
          memberPath("policies", name),
          `policy \`${name}\` is not used`,
          "attach it to the principal or a group, name it as `sessionPolicy` or `request.trustPolicy`, or remove it",
        );
      }
    }
  }

  private read(name: string, value: unknown, kind: PolicyKind): NamedPolicy | undefined {
    const path = memberPath("policies", name);
    const fields = this.reader.object(value, path, ["document", "version", "type"]);
    if (fields === undefined) return undefined;
    const version = this.reader.string(fields, "version", path) ?? "v1";
    const policyType = this.reader.choice(fields, "type", path, POLICY_TYPES, "Custom");
    const policy = readDocument(this.reader, fields, path, kind);
    if (policy === undefined || policyType === undefined) return undefined;
    return { name, version, policyType, policy };
  }
}

function readDocument(
  reader: ScenarioReader,
  fields: Fields,
  path: string,
  kind: PolicyKind,
): ValidatedPolicy | undefined {
  const document = fields["document"];
  const at = memberPath(path, "document");
  if (document === undefined) {
    reader.error(
      "missing-field",
      path,
      "missing field `document`",
      "give the policy document as a mapping or as its JSON text",
    );
    return undefined;
  }
  if (typeof document !== "string" && !isPlainObject(document)) {
    reader.error("invalid-type", at, "`document` must be a mapping or the policy's JSON text");
    return undefined;
  }
  const result =
    typeof document === "string" ? parsePolicy(document, kind) : policyFromObject(document, kind);
  reader.adopt(result.problems, at, typeof document === "string");
  return result.ok ? result.policy : undefined;
}

function readControlPolicies(
  reader: ScenarioReader,
  value: unknown,
): Map<string, ControlPolicyAttachment | undefined> {
  const found = new Map<string, ControlPolicyAttachment | undefined>();
  if (value === undefined) return found;
  const entries = reader.map(value, "controlPolicies");
  if (entries === undefined) return found;
  for (const [name, entry] of Object.entries(entries)) {
    const path = memberPath("controlPolicies", name);
    if (name === FULL_ALIYUN_ACCESS.name) {
      reader.error(
        "reserved-name",
        path,
        `\`${name}\` is the built-in system control policy`,
        "it is attached to every node already; give a custom policy another name",
      );
      continue;
    }
    const fields = reader.object(entry, path, ["document", "effectScope"]);
    if (fields === undefined) {
      found.set(name, undefined);
      continue;
    }
    const effectScope = reader.choice(fields, "effectScope", path, EFFECT_SCOPES, "RAM");
    const policy = readDocument(reader, fields, path, "control");
    found.set(
      name,
      policy === undefined || effectScope === undefined
        ? undefined
        : { name, policyType: "Custom", effectScope, policy },
    );
  }
  return found;
}

function reportUnusedControlPolicies(
  reader: ScenarioReader,
  controlPolicies: ReadonlyMap<string, unknown>,
  directory: Directory | undefined,
): void {
  for (const name of controlPolicies.keys()) {
    if (directory?.attached.has(name) !== true) {
      reader.warning(
        "unused-policy",
        memberPath("controlPolicies", name),
        `control policy \`${name}\` is not attached to any node`,
        "list it under a node's `attach` in `directory.nodes`, or remove it",
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Principal

interface Principal {
  readonly info: PrincipalInfo;
  readonly policies: readonly NamedPolicy[];
}

function readPrincipal(
  reader: ScenarioReader,
  value: unknown,
  library: PolicyLibrary,
): Principal | undefined {
  const path = "principal";
  if (value === undefined) {
    reader.error(
      "missing-field",
      "",
      "missing field `principal`",
      'say who makes the request: `principal: { type: RamUser, accountId: "...", name: ... }`',
    );
    return undefined;
  }
  const fields = reader.object(value, path, [
    "type",
    "accountId",
    "name",
    "sessionName",
    "policies",
    "groups",
  ]);
  if (fields === undefined) return undefined;
  const type = reader.choice(fields, "type", path, PRINCIPAL_TYPES);
  const accountId = reader.string(fields, "accountId", path, true);
  if (type === undefined || accountId === undefined) return undefined;

  if (type === "RootAccount") {
    const why = "to the account root identity";
    for (const key of ["name", "sessionName", "policies", "groups"])
      reader.notApplicable(fields, key, path, why);
    return { info: { type, accountId, arn: `acs:ram::${accountId}:root` }, policies: [] };
  }

  const name = reader.string(fields, "name", path, true);
  const policies: NamedPolicy[] = [];
  const attach = (names: readonly string[] | undefined, listPath: string, attachedTo: string): void => {
    names?.forEach((policyName, index) => {
      const policy = library.use(policyName, itemPath(listPath, index), "ram", attachedTo);
      if (policy !== undefined) policies.push(policy);
    });
  };

  if (type === "RamUser") {
    reader.notApplicable(fields, "sessionName", path, "to a RAM user");
    if (name === undefined) return undefined;
    if (fields["policies"] !== undefined) {
      attach(
        reader.stringList(fields["policies"], memberPath(path, "policies")),
        memberPath(path, "policies"),
        `user/${name}`,
      );
    }
    readGroups(reader, fields, path, attach);
    return { info: { type, accountId, name, arn: `acs:ram::${accountId}:user/${name}` }, policies };
  }

  reader.notApplicable(fields, "groups", path, "to a role session: groups hold RAM users only");
  const sessionName = reader.string(fields, "sessionName", path, true);
  if (name === undefined || sessionName === undefined) return undefined;
  if (fields["policies"] !== undefined) {
    attach(
      reader.stringList(fields["policies"], memberPath(path, "policies")),
      memberPath(path, "policies"),
      `role/${name}`,
    );
  }
  return {
    info: {
      type,
      accountId,
      name: `${name}/${sessionName}`,
      arn: `acs:ram::${accountId}:assumed-role/${name}/${sessionName}`,
    },
    policies,
  };
}

function readGroups(
  reader: ScenarioReader,
  fields: Fields,
  path: string,
  attach: (names: readonly string[] | undefined, listPath: string, attachedTo: string) => void,
): void {
  if (fields["groups"] === undefined) return;
  const groupsPath = memberPath(path, "groups");
  const groups = reader.map(fields["groups"], groupsPath);
  if (groups === undefined) return;
  const names = Object.keys(groups);
  if (names.length > MAX_GROUPS_PER_USER) {
    reader.error(
      "too-many-groups",
      groupsPath,
      `the user is in ${names.length} groups, more than the ${MAX_GROUPS_PER_USER} Alibaba Cloud allows`,
      `a RAM user can join at most ${MAX_GROUPS_PER_USER} groups; merge groups or attach policies to the user`,
    );
  }
  for (const group of names) {
    const listPath = memberPath(groupsPath, group);
    attach(reader.stringList(groups[group], listPath), listPath, `group/${group}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Resource Directory

interface DirectoryNode {
  readonly node: RdNode;
  readonly parent?: string;
  readonly path: string;
}

interface Directory {
  readonly managementAccountId?: string;
  readonly controlPoliciesEnabled: boolean;
  readonly nodes: ReadonlyMap<string, DirectoryNode>;
  /** Names of custom control policies some node attaches. */
  readonly attached: ReadonlySet<string>;
}

function readDirectory(
  reader: ScenarioReader,
  value: unknown,
  controlPolicies: ReadonlyMap<string, ControlPolicyAttachment | undefined>,
): Directory | undefined {
  const path = "directory";
  const fields = reader.object(value, path, ["managementAccountId", "controlPoliciesEnabled", "nodes"]);
  if (fields === undefined) return undefined;
  const managementAccountId = reader.string(fields, "managementAccountId", path);
  const controlPoliciesEnabled = reader.boolean(fields, "controlPoliciesEnabled", path, true);
  const nodesPath = memberPath(path, "nodes");
  const list = fields["nodes"];
  if (!Array.isArray(list) || list.length === 0) {
    reader.error(
      list === undefined ? "missing-field" : "invalid-type",
      list === undefined ? path : nodesPath,
      "`nodes` must be a non-empty list, Root first",
      "list the Root folder, the folders and the member accounts, each with its `parent`",
    );
    return undefined;
  }

  const nodes = new Map<string, DirectoryNode>();
  const attached = new Set<string>();
  list.forEach((entry, index) => {
    const at = itemPath(nodesPath, index);
    const node = readNode(reader, entry, at, index, controlPolicies, controlPoliciesEnabled, attached);
    if (node === undefined) return;
    if (nodes.has(node.node.id)) {
      reader.error(
        "duplicate-node",
        memberPath(at, "id"),
        `node id \`${node.node.id}\` is used twice`,
        "give every node its own id",
      );
      return;
    }
    nodes.set(node.node.id, node);
  });
  for (const node of nodes.values()) checkParent(reader, node, nodes);
  return {
    ...(managementAccountId === undefined ? {} : { managementAccountId }),
    controlPoliciesEnabled,
    nodes,
    attached,
  };
}

function readNode(
  reader: ScenarioReader,
  value: unknown,
  path: string,
  index: number,
  controlPolicies: ReadonlyMap<string, ControlPolicyAttachment | undefined>,
  enabled: boolean,
  attachedNames: Set<string>,
): DirectoryNode | undefined {
  const fields = reader.object(value, path, ["id", "type", "name", "parent", "attach", "detach"]);
  if (fields === undefined) return undefined;
  const id = reader.string(fields, "id", path, true);
  const type = reader.choice(fields, "type", path, NODE_TYPES);
  const name = reader.string(fields, "name", path) ?? id;
  const parent = reader.string(fields, "parent", path);
  if (type === "Root") {
    if (index !== 0)
      reader.error(
        "invalid-value",
        memberPath(path, "type"),
        "the Root node must come first, and only once",
        "move it to the top of `nodes`",
      );
    if (parent !== undefined)
      reader.error(
        "invalid-value",
        memberPath(path, "parent"),
        "the Root node has no parent",
        "remove `parent`",
      );
  } else if (type !== undefined) {
    if (index === 0)
      reader.error(
        "invalid-value",
        memberPath(path, "type"),
        `the first node must be the Root, found a ${type}`,
        "put `{ id: r-root, type: Root, name: Root }` first",
      );
    if (fields["parent"] === undefined)
      reader.error(
        "missing-field",
        path,
        "missing field `parent`",
        "name the id of the folder this node is in",
      );
  }

  const policies: ControlPolicyAttachment[] = [];
  const attachPath = memberPath(path, "attach");
  const attach =
    fields["attach"] === undefined ? [] : (reader.stringList(fields["attach"], attachPath) ?? []);
  const detachPath = memberPath(path, "detach");
  const detach =
    fields["detach"] === undefined ? [] : (reader.stringList(fields["detach"], detachPath) ?? []);
  detach.forEach((policyName, i) => {
    if (policyName !== FULL_ALIYUN_ACCESS.name) {
      reader.error(
        "invalid-value",
        itemPath(detachPath, i),
        `only \`${FULL_ALIYUN_ACCESS.name}\` is attached by default, so only it can be detached, found \`${policyName}\``,
        `leave \`${policyName}\` out of \`attach\` instead`,
      );
    }
  });
  if (!detach.includes(FULL_ALIYUN_ACCESS.name)) policies.push(FULL_ALIYUN_ACCESS);
  attach.forEach((policyName, i) => {
    const at = itemPath(attachPath, i);
    if (policyName === FULL_ALIYUN_ACCESS.name) {
      reader.error(
        "invalid-value",
        at,
        `\`${policyName}\` is attached to every node by default`,
        "remove it from `attach`",
      );
      return;
    }
    if (attach.indexOf(policyName) !== i) {
      reader.error(
        "duplicate-attachment",
        at,
        `control policy \`${policyName}\` is attached twice`,
        "list it once",
      );
      return;
    }
    attachedNames.add(policyName);
    if (!controlPolicies.has(policyName)) {
      const suggestion = closestName(policyName, [...controlPolicies.keys()]);
      reader.error(
        "undefined-policy",
        at,
        `control policy \`${policyName}\` is not defined`,
        suggestion === undefined ? "define it under `controlPolicies`" : `did you mean \`${suggestion}\`?`,
      );
      return;
    }
    const policy = controlPolicies.get(policyName);
    if (policy !== undefined) policies.push(policy);
  });

  const count = attach.length + (detach.includes(FULL_ALIYUN_ACCESS.name) ? 0 : 1);
  if (enabled && count === 0) {
    reader.error(
      "node-without-policy",
      detachPath,
      `node \`${id ?? index}\` is left with no control policy`,
      `Alibaba Cloud keeps at least one control policy on every node; attach another policy before detaching \`${FULL_ALIYUN_ACCESS.name}\``,
    );
  }
  if (count > MAX_CONTROL_POLICIES_PER_NODE) {
    reader.error(
      "too-many-control-policies",
      attachPath,
      `node \`${id ?? index}\` has ${count} control policies, more than the ${MAX_CONTROL_POLICIES_PER_NODE} Alibaba Cloud allows`,
      `${FULL_ALIYUN_ACCESS.name} counts unless detached; merge policies or attach some to a parent folder`,
    );
  }
  if (id === undefined || type === undefined || name === undefined) return undefined;
  return { node: { id, name, type, policies }, ...(parent === undefined ? {} : { parent }), path };
}

/** Parents must exist and be folders; folders nest at most five levels below Root; no cycles. */
function checkParent(
  reader: ScenarioReader,
  entry: DirectoryNode,
  nodes: ReadonlyMap<string, DirectoryNode>,
): void {
  if (entry.parent === undefined) return;
  const parent = nodes.get(entry.parent);
  const at = memberPath(entry.path, "parent");
  if (parent === undefined) {
    const suggestion = closestName(entry.parent, [...nodes.keys()]);
    reader.error(
      "undefined-node",
      at,
      `parent \`${entry.parent}\` is not a node of the directory`,
      suggestion === undefined ? "add the folder to `nodes`" : `did you mean \`${suggestion}\`?`,
    );
    return;
  }
  if (parent.node.type === "Account") {
    reader.error(
      "invalid-parent",
      at,
      `parent \`${entry.parent}\` is an account`,
      "accounts cannot contain nodes; name a folder or the Root",
    );
    return;
  }
  if (entry.node.type !== "Folder") return;
  // Levels are counted for folders: the Root's children are level 1.
  let levels = 1;
  const seen = new Set([entry.node.id]);
  for (let current = parent; current.node.type !== "Root"; levels++) {
    if (seen.has(current.node.id) || current.parent === undefined) {
      if (seen.has(current.node.id))
        reader.error(
          "directory-cycle",
          at,
          `folder \`${entry.node.id}\` is inside itself`,
          "fix the `parent` links so every folder leads up to the Root",
        );
      return;
    }
    seen.add(current.node.id);
    const next = nodes.get(current.parent);
    if (next === undefined) return;
    current = next;
  }
  if (levels > MAX_FOLDER_LEVELS) {
    reader.error(
      "too-many-levels",
      at,
      `folder \`${entry.node.id}\` is at level ${levels} below the Root, deeper than the ${MAX_FOLDER_LEVELS} levels Alibaba Cloud allows`,
      "move it up the tree",
    );
  }
}

/** Where the caller's account sits: the management account (no control policies) or a member node's path up to Root. */
function placeAccount(
  reader: ScenarioReader,
  directory: Directory,
  accountId: string,
): Pick<ChainInput, "managementAccount" | "controlPolicyPath"> {
  if (accountId === directory.managementAccountId) return { managementAccount: true };
  const account = directory.nodes.get(accountId);
  if (account === undefined || account.node.type !== "Account") {
    reader.error(
      "account-not-in-directory",
      memberPath("principal", "accountId"),
      `account \`${accountId}\` is not an \`Account\` node of the directory`,
      "add it to `directory.nodes` with its folder as `parent`, or set `directory.managementAccountId` to it",
    );
    return {};
  }
  if (!directory.controlPoliciesEnabled) return {};
  const path: RdNode[] = [];
  const seen = new Set<string>();
  for (let current: DirectoryNode | undefined = account; current !== undefined;) {
    // A cycle or a missing parent was reported by checkParent; the scenario fails either way.
    if (seen.has(current.node.id)) return {};
    seen.add(current.node.id);
    path.push(current.node);
    current = current.parent === undefined ? undefined : directory.nodes.get(current.parent);
  }
  return { controlPolicyPath: path };
}

// ---------------------------------------------------------------------------------------------
// Request

function readRequest(
  reader: ScenarioReader,
  value: unknown,
  library: PolicyLibrary,
): { request: AuthRequest; trust?: NamedPolicy } | undefined {
  const path = "request";
  if (value === undefined) {
    reader.error(
      "missing-field",
      "",
      "missing field `request`",
      "give the request: `action`, `resources` and optionally `context`",
    );
    return undefined;
  }
  const fields = reader.object(value, path, ["action", "resources", "context", "trustPolicy"]);
  if (fields === undefined) return undefined;
  const action = reader.string(fields, "action", path, true);
  const resourcesPath = memberPath(path, "resources");
  let resources: string[] | undefined;
  if (fields["resources"] === undefined) {
    reader.error(
      "missing-field",
      path,
      "missing field `resources`",
      "list the ARNs the request's check is about, e.g. `acs:ecs:cn-hangzhou:123:instance/*`",
    );
  } else {
    resources = reader.stringList(fields["resources"], resourcesPath);
    if (resources !== undefined && resources.length === 0) {
      reader.error("invalid-value", resourcesPath, "`resources` is empty", "list at least one ARN");
      resources = undefined;
    }
  }
  const context = readContext(reader, fields["context"], memberPath(path, "context"));

  let trust: NamedPolicy | undefined;
  if (fields["trustPolicy"] !== undefined) {
    const trustName = reader.string(fields, "trustPolicy", path);
    if (action !== undefined && action.toLowerCase() !== "sts:assumerole") {
      reader.error(
        "not-applicable",
        memberPath(path, "trustPolicy"),
        `\`trustPolicy\` applies to \`sts:AssumeRole\` only, and the action is \`${action}\``,
        "remove `trustPolicy`, or make the request `sts:AssumeRole` on the role's ARN",
      );
    } else if (trustName !== undefined) {
      trust = library.use(trustName, memberPath(path, "trustPolicy"), "trust");
    }
  }
  if (action === undefined || resources === undefined || context === undefined) return undefined;
  return { request: { action, resources, context }, ...(trust === undefined ? {} : { trust }) };
}

function readContext(
  reader: ScenarioReader,
  value: unknown,
  path: string,
): AuthRequest["context"] | undefined {
  if (value === undefined) return makeContext({});
  const fields = reader.map(value, path);
  if (fields === undefined) return undefined;
  const raw: Record<string, ContextValue> = {};
  let ok = true;
  for (const [key, entry] of Object.entries(fields)) {
    const at = memberPath(path, key);
    // YAML reads `true` and `8` as a boolean and a number; the request carries their string form.
    const scalar = (item: unknown): string | undefined =>
      typeof item === "string" || typeof item === "number" || typeof item === "boolean"
        ? String(item)
        : undefined;
    if (Array.isArray(entry)) {
      const values = entry.map(scalar);
      if (values.every((item) => item !== undefined)) raw[key] = values as string[];
      else {
        ok = false;
        reader.error("invalid-type", at, `values of \`${key}\` must be strings`);
      }
    } else {
      const single = scalar(entry);
      if (single !== undefined) raw[key] = single;
      else {
        ok = false;
        reader.error(
          "invalid-type",
          at,
          `\`${key}\` must be a string or a list of strings`,
          "a multi-valued key is a list: `acs:TagKeys: [env, owner]`",
        );
      }
    }
  }
  return ok ? makeContext(raw) : undefined;
}
