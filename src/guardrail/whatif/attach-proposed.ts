// Where a proposed policy lands in the organisation, and every principal's chain with it attached.
// A control policy goes to one RD node and so reaches every principal whose account lies under it;
// a RAM policy goes to a user, a group or a role. A name already attached makes the proposal a new
// version of that policy (its document replaced wherever it is attached): the way to try a change
// to a policy in place, which attaching a second copy could not show.
import type {
  ChainInput,
  ControlPolicyAttachment,
  NamedPolicy,
  PolicyKind,
  Problem,
  RdNode,
} from "../../policy/index.js";
import type { OrgModel, OrgNode, OrgPrincipal } from "../org-model.js";
import type { ProposedPolicy, ResolvedAttachment } from "./types.js";

/** Alibaba's limit of control policies per RD node, `FullAliyunAccess` included. */
const CONTROL_POLICIES_PER_NODE = 10;
/** The version a proposal is shown with in decisions (`deciding policy: … version proposed`). */
export const PROPOSED_VERSION = "proposed";

export interface ProposedChains {
  readonly attachment: ResolvedAttachment;
  /** The principal's chain with the proposal; today's chain itself when the proposal does not reach it. */
  chainFor(principal: OrgPrincipal): ChainInput;
}

export type AttachResult =
  | { readonly ok: true; readonly chains: ProposedChains }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function attachProposed(model: OrgModel, proposed: ProposedPolicy): AttachResult {
  const kind = proposed.policy.kind;
  if (kind !== "control" && kind !== "ram") {
    return fail(
      "unsupported-policy-kind",
      "policy",
      `a ${kindName(kind)} cannot be attached: what-if replays control policies and RAM policies`,
      "give a control policy (attached to a resource directory node) or a RAM policy (attached to a user, group or role)",
    );
  }
  if (proposed.name.trim() === "") {
    return fail("invalid-value", "name", "the proposed policy has no name", "name it, e.g. after its file");
  }
  return kind === "control" ? attachControl(model, proposed) : attachRam(model, proposed);
}

// ---------------------------------------------------------------------------------------------
// Control policies

function attachControl(model: OrgModel, proposed: ProposedPolicy): AttachResult {
  const directory = model.directory;
  if (directory === undefined) {
    return fail(
      "no-resource-directory",
      "attachTo",
      `cannot attach control policy \`${proposed.name}\` to \`${proposed.attachTo}\`: the organisation has no resource directory`,
      "attach a RAM policy to a user, group or role instead (`--kind ram --attach-to user/NAME`), or describe the directory in the organisation file",
    );
  }
  if (!directory.controlPoliciesEnabled) {
    return fail(
      "control-policies-disabled",
      "attachTo",
      "control policies are not enabled in the organisation's resource directory: an attached control policy would change nothing",
      "enable control policies first (`controlPoliciesEnabled: true`), or attach a RAM policy instead",
    );
  }
  const found = findNode(directory.nodes, proposed.attachTo);
  if ("code" in found) return { ok: false, problems: [found] };
  const node = found;

  const existing = directory.nodes.flatMap((n) => n.policies).find((p) => p.name === proposed.name);
  if (existing?.policyType === "System") return systemNameProblem(proposed.name, "control policy");
  const atNode = node.policies.some((p) => p.name === proposed.name);
  const count = node.policies.length + (atNode ? 0 : 1);
  if (count > CONTROL_POLICIES_PER_NODE) {
    return fail(
      "too-many-control-policies",
      "attachTo",
      `\`${node.name}\` (${node.id}) would hold ${count} control policies, more than the ${CONTROL_POLICIES_PER_NODE} Alibaba Cloud allows per node`,
      `detach one of ${node.policies.map((p) => `\`${p.name}\``).join(", ")} first, or name the proposal after one of them to replace it`,
    );
  }

  const proposal: ControlPolicyAttachment = {
    name: proposed.name,
    version: PROPOSED_VERSION,
    policyType: "Custom",
    effectScope: proposed.effectScope ?? existing?.effectScope ?? "RAM",
    policy: proposed.policy,
  };
  const withProposal = (path: readonly RdNode[]): { path: readonly RdNode[]; changed: boolean } => {
    let changed = false;
    const nodes = path.map((rdNode): RdNode => {
      const replaced = rdNode.policies.map((p) => {
        if (p.name !== proposal.name) return p;
        changed = true;
        // A new version of the same policy keeps its effect scope unless one is asked for.
        return { ...p, ...proposal, effectScope: proposed.effectScope ?? p.effectScope };
      });
      if (rdNode.id === node.id && !replaced.some((p) => p.name === proposal.name)) {
        changed = true;
        replaced.push(proposal);
      }
      return { ...rdNode, policies: replaced };
    });
    return { path: nodes, changed };
  };
  const memo = new Map<OrgPrincipal, ChainInput>();
  const chainFor = (principal: OrgPrincipal): ChainInput => {
    const cached = memo.get(principal);
    if (cached !== undefined) return cached;
    const path = principal.chain.controlPolicyPath;
    let chain = principal.chain;
    if (path !== undefined) {
      const next = withProposal(path);
      if (next.changed) chain = { ...principal.chain, controlPolicyPath: next.path };
    }
    memo.set(principal, chain);
    return chain;
  };
  // Under effect scope RAM the root identity's chain changes but its decisions cannot.
  const governs = (p: OrgPrincipal): boolean =>
    p.info.type !== "RootAccount" || proposal.effectScope === "All";
  const principalsReached = model.principals.filter((p) => chainFor(p) !== p.chain && governs(p)).length;
  return {
    ok: true,
    chains: {
      attachment: {
        kind: "control",
        policyName: proposed.name,
        target: `${node.type === "Root" ? "root" : node.type === "Folder" ? "folder" : "account"} ${node.name} (${node.id})`,
        replaces: existing !== undefined,
        principalsReached,
      },
      chainFor,
    },
  };
}

/** The node an `--attach-to` names: its id, its path of names or ids from the Root, or its name. */
function findNode(nodes: readonly OrgNode[], target: string): OrgNode | Problem {
  const byId = nodes.find((n) => n.id === target);
  if (byId !== undefined) return byId;
  const paths = new Map<OrgNode, { names: string; ids: string }>();
  const byIdMap = new Map(nodes.map((n) => [n.id, n]));
  const pathOf = (node: OrgNode, depth = 0): { names: string; ids: string } => {
    const known = paths.get(node);
    if (known !== undefined) return known;
    const parent = node.parent === undefined ? undefined : byIdMap.get(node.parent);
    // The organisation file was validated, so parents exist and do not loop; the depth guard only
    // keeps a hand-built model from recursing forever.
    const above = parent === undefined || depth > nodes.length ? undefined : pathOf(parent, depth + 1);
    const path = {
      names: above === undefined ? node.name : `${above.names}/${node.name}`,
      ids: above === undefined ? node.id : `${above.ids}/${node.id}`,
    };
    paths.set(node, path);
    return path;
  };
  const wanted = target.replace(/^\/+|\/+$/g, "");
  if (wanted.includes("/")) {
    const root = nodes.find((n) => n.parent === undefined);
    const matches = nodes.filter((n) => {
      const path = pathOf(n);
      const belowRoot = root === undefined ? undefined : path.names.slice(root.name.length + 1);
      return path.names === wanted || path.ids === wanted || belowRoot === wanted;
    });
    if (matches.length === 1) return matches[0] as OrgNode;
    if (matches.length > 1) return ambiguous(target, matches, pathOf);
  } else {
    const matches = nodes.filter((n) => n.name === wanted);
    if (matches.length === 1) return matches[0] as OrgNode;
    if (matches.length > 1) return ambiguous(target, matches, pathOf);
  }
  const known = nodes.slice(0, 12).map((n) => `\`${pathOf(n).names}\` (${n.id})`);
  return problem(
    "unknown-target",
    "attachTo",
    `no resource directory node \`${target}\` in the organisation`,
    `attach to a node by id, name or path: ${known.join(", ")}${nodes.length > known.length ? ", …" : ""}`,
  );
}

function ambiguous(
  target: string,
  matches: readonly OrgNode[],
  pathOf: (node: OrgNode) => { names: string },
): Problem {
  return problem(
    "ambiguous-target",
    "attachTo",
    `\`${target}\` names ${matches.length} resource directory nodes`,
    `name one by its id: ${matches.map((n) => `\`${n.id}\` (${pathOf(n).names})`).join(", ")}`,
  );
}

// ---------------------------------------------------------------------------------------------
// RAM policies

const RAM_TARGET = /^(?:acs:ram::(\d+):|(\d+):)?(user|group|role)\/(.+)$/;

function attachRam(model: OrgModel, proposed: ProposedPolicy): AttachResult {
  const parsed = RAM_TARGET.exec(proposed.attachTo);
  if (parsed === null) {
    return fail(
      "invalid-target",
      "attachTo",
      `\`${proposed.attachTo}\` is not a RAM identity`,
      "write `user/NAME`, `group/NAME` or `role/NAME`, with the account when several have one: `1111111111111111:user/NAME`",
    );
  }
  const account = parsed[1] ?? parsed[2];
  const identityType = parsed[3] as "user" | "group" | "role";
  const name = parsed[4] as string;
  const inAccount = (p: OrgPrincipal): boolean => account === undefined || p.info.accountId === account;
  const targets = model.principals.filter((p) => inAccount(p) && isTarget(p, identityType, name));
  if (targets.length === 0) {
    const known = [
      ...new Set(model.principals.filter(inAccount).flatMap((p) => identitiesOf(p, identityType))),
    ].slice(0, 12);
    return fail(
      "unknown-target",
      "attachTo",
      `no ${identityType} \`${name}\` in the organisation${account === undefined ? "" : ` in account ${account}`}`,
      known.length === 0
        ? `the organisation lists no ${identityType}${account === undefined ? "" : " in that account"}; add the principals the policy is for`
        : `the ${identityType}s it lists: ${known.map((k) => `\`${k}\``).join(", ")}`,
    );
  }
  const accounts = [...new Set(targets.map((p) => p.info.accountId))];
  if (accounts.length > 1) {
    return fail(
      "ambiguous-target",
      "attachTo",
      `accounts ${accounts.join(", ")} each have a ${identityType} \`${name}\``,
      `name the account: ${accounts.map((a) => `\`${a}:${identityType}/${name}\``).join(", ")}`,
    );
  }
  const accountId = accounts[0] as string;
  const attachedTo = `${identityType}/${name}`;
  const named = model.principals
    .filter((p) => p.info.accountId === accountId)
    .flatMap((p) => p.chain.identityPolicies)
    .find((p) => p.name === proposed.name);
  if (named?.policyType === "System") return systemNameProblem(proposed.name, "RAM policy");

  const proposal: NamedPolicy = {
    name: proposed.name,
    version: PROPOSED_VERSION,
    policyType: "Custom",
    attachedTo,
    policy: proposed.policy,
  };
  const targetSet = new Set(targets);
  const memo = new Map<OrgPrincipal, ChainInput>();
  const chainFor = (principal: OrgPrincipal): ChainInput => {
    const cached = memo.get(principal);
    if (cached !== undefined) return cached;
    let chain = principal.chain;
    // RAM policies are per account: a policy of the same name elsewhere is another policy.
    if (principal.info.accountId === accountId) {
      let changed = false;
      const policies = principal.chain.identityPolicies.map((p) => {
        if (p.name !== proposal.name) return p;
        changed = true;
        return { ...p, version: PROPOSED_VERSION, policy: proposal.policy };
      });
      if (
        targetSet.has(principal) &&
        !policies.some((p) => p.name === proposal.name && p.attachedTo === attachedTo)
      ) {
        changed = true;
        policies.push(proposal);
      }
      if (changed) chain = { ...principal.chain, identityPolicies: policies };
    }
    memo.set(principal, chain);
    return chain;
  };
  const principalsReached = model.principals.filter((p) => chainFor(p) !== p.chain).length;
  return {
    ok: true,
    chains: {
      attachment: {
        kind: "ram",
        policyName: proposed.name,
        target: `${attachedTo} in ${accountId}`,
        replaces: named !== undefined,
        principalsReached,
      },
      chainFor,
    },
  };
}

function isTarget(principal: OrgPrincipal, type: "user" | "group" | "role", name: string): boolean {
  const info = principal.info;
  if (type === "user") return info.type === "RamUser" && info.name === name;
  if (type === "group") return info.type === "RamUser" && principal.groups.includes(name);
  return info.type === "AssumedRole" && roleNameOf(principal)?.toLowerCase() === name.toLowerCase();
}

function identitiesOf(principal: OrgPrincipal, type: "user" | "group" | "role"): string[] {
  const info = principal.info;
  if (type === "user") return info.type === "RamUser" && info.name !== undefined ? [info.name] : [];
  if (type === "group") return info.type === "RamUser" ? [...principal.groups] : [];
  const role = info.type === "AssumedRole" ? roleNameOf(principal) : undefined;
  return role === undefined ? [] : [role];
}

/** A role session's role name: from the role's ARN, else the part of the session name before `/`. */
export function roleNameOf(principal: OrgPrincipal): string | undefined {
  const fromArn = principal.roleArn?.slice(principal.roleArn.lastIndexOf("/") + 1);
  return fromArn ?? principal.info.name?.split("/")[0];
}

// ---------------------------------------------------------------------------------------------

function systemNameProblem(name: string, what: string): AttachResult {
  return fail(
    "system-policy-name",
    "name",
    `\`${name}\` is a system policy, which cannot be replaced by a custom ${what}`,
    "give the proposed policy another name (`--name`)",
  );
}

function kindName(kind: PolicyKind): string {
  return kind === "session" ? "session policy" : kind === "trust" ? "trust policy" : `${kind} policy`;
}

function problem(code: string, path: string, message: string, help: string): Problem {
  return { code, severity: "error", path, line: 1, column: 1, message, help };
}

function fail(code: string, path: string, message: string, help: string): AttachResult {
  return { ok: false, problems: [problem(code, path, message, help)] };
}
